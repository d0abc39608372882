#pragma once

#include "identity/tokenresult.h"
#include "session/tokenfreshness.h"
#include "widgets/statuscard.h"

class QLabel;
class QPushButton;
class QToolButton;

namespace idex {
class ObjectNames;
}

namespace idex::ui {

/*! The token just obtained: resource, a live expiry, source, identity (by name when known), endpoint, when, which
    cache answered, and the token masked. It shows; the panel acts: copying the raw token and bypassing the caches are
    requests (copyTokenRequested, bypassCachesRequested) the panel carries out. */
class TokenResultCard : public StatusCard
{
    Q_OBJECT
public:
    explicit TokenResultCard(QWidget *parent = nullptr);

    /*! Shows \a token, its identity named through \a names, \a freshness on the Cache line, and the "Bypass both
        caches" button when \a offerBypass (the emulator's own cache answered). */
    void setToken(
        const TokenResult &token, const ObjectNames &names, const TokenFreshness &freshness, bool offerBypass);
    /*! The time left at \a now: green, amber under five minutes, red once expired. */
    void updateExpiry(const QDateTime &now);

Q_SIGNALS:
    void copyTokenRequested();
    void bypassCachesRequested();

private:
    QDateTime m_expiresOn;
    QLabel *m_resource;
    QLabel *m_expiry;
    QLabel *m_source;
    QLabel *m_identity;
    QLabel *m_endpoint;
    QLabel *m_obtained;
    QLabel *m_cache;
    QPushButton *m_bypassCaches;
    QLabel *m_token;
    QToolButton *m_copyToken;
};

} // namespace idex::ui
