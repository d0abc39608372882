#pragma once

#include "diagnose/verdict.h"
#include "statuscard.h"

class QLabel;

namespace idex::ui {

/*! The one-line answer to "is this token good?": VALID (green), INVALID (red) or NOT VERIFIED (amber), with the reason
    in words. It renders a TokenVerdict from app/diagnose and decides nothing itself; text is plain, never rich. */
class VerdictBanner : public StatusCard
{
    Q_OBJECT
public:
    explicit VerdictBanner(QWidget *parent = nullptr);

    void setVerdict(const TokenVerdict &verdict);
    /*! Nothing to judge (no token): the banner hides. */
    void clear();
    const TokenVerdict &verdict() const { return m_verdict; }
    QString headline() const;
    QString reason() const;

private:
    TokenVerdict m_verdict;
    QLabel *m_reason = nullptr;
};

} // namespace idex::ui
