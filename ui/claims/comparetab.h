#pragma once

#include "jwt/decodedtoken.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QTableView;

namespace idex::ui {

class ClaimDiffModel;

/*! The Compare tab of the Claims panel: the token shown against another one (pasted here, or else the token shown
    before it), claim by claim, additions and removals told from the newer token's point of view. */
class CompareTab : public QWidget
{
    Q_OBJECT
public:
    /*! Renders into \a model (the panel's, which tests read). */
    CompareTab(ClaimDiffModel *model, QWidget *parent = nullptr);

    /*! The token shown (\a current, none when null) and the one shown before it (the default other side). */
    void setTokens(const std::optional<DecodedToken> &current, const std::optional<DecodedToken> &previous);
    /*! The other token of the comparison (any pasted form); false when it does not decode. */
    bool setOtherText(const QString &text);

private:
    void refresh();

    ClaimDiffModel *m_model;
    std::optional<DecodedToken> m_current;
    std::optional<DecodedToken> m_previous;
    QPlainTextEdit *m_input = nullptr;
    QCheckBox *m_meaningful = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_summary = nullptr;
};

} // namespace idex::ui
