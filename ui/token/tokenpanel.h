#pragma once

#include "identity/tokencache.h"
#include "identity/tokenfailure.h"
#include "identity/tokenresult.h"

#include <QDateTime>
#include <QHash>
#include <QPointer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QGridLayout;
class QFrame;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTimer;
class QToolButton;

namespace idex {
class Session;
class TokenSource;
struct SourceConfig;
struct TokenRequest;
} // namespace idex

namespace idex::ui {

class IdentityPicker;
class TokenFailureCard;
class TokenResultCard;
class TranscriptView;

/*! Get a managed identity token from any source, and see exactly how it was obtained: source, identity and resource
    pickers, Get token / Cancel / Force refresh, retry countdown, a result card with a live expiry, a failure card
    with the fix, and the redacted transcript. A token obtained becomes the session's current token. */
class TokenPanel : public QWidget
{
    Q_OBJECT
public:
    explicit TokenPanel(Session &session, QWidget *parent = nullptr);
    ~TokenPanel() override;

    /*! Starts a request (or answers from the in-memory cache unless \a forceRefresh). */
    void getToken(bool forceRefresh = false);
    void cancel();
    bool isBusy() const;
    /*! Multiplies retry delays (tests replay the IMDS 410 window quickly). */
    void setRetryTimeScale(double scale) { m_retryTimeScale = scale; }

Q_SIGNALS:
    void tokenObtained(const idex::TokenResult &token);
    void tokenFailed(const idex::TokenFailure &failure);

private:
    QWidget *createRequestForm();
    QWidget *createResultArea();
    QFrame *createEmptyCard();

    QString currentSourceId() const;
    SourceConfig buildConfig() const;
    TokenRequest buildRequest() const;
    QLabel *addRow(QGridLayout *grid, const QString &label, QWidget *field);
    void setRowVisible(QWidget *field, bool visible);
    void updateSourceDetails();
    void updateIdentityHint();
    void updateResourcePresets();
    void updateResourceHint();
    void updateBusy(bool busy, const QString &status = {});
    void updateRetryCountdown();
    void updateExpiry();
    /*! Shows \a token and publishes it to the session (current token, history). */
    void showResult(const TokenResult &token);
    /*! Shows \a token only; \a previous is what the same request gave before (to tell the caches apart). */
    void renderResult(const TokenResult &token, const TokenResult &previous);
    void showFailure(const TokenFailure &failure);
    void openTokenFile();
    void copyToken();

    Session &m_session;
    TokenCache m_cache;
    QPointer<TokenSource> m_source;
    QString m_pendingCacheKey;
    TokenResult m_shown;
    double m_retryTimeScale = 1.0;
    QString m_defaultResource; ///< the scenario's resource last offered; replaced on a scenario switch unless edited
    QDateTime m_retryAt;
    QString m_retryReason;

    QGridLayout *m_form;
    QHash<QWidget *, QLabel *> m_rowLabels; ///< field -> its label, to show and hide whole rows
    QComboBox *m_sourceCombo;
    QLabel *m_sourceHelp;
    QComboBox *m_identityKind;
    IdentityPicker *m_identityPicker;
    QLabel *m_identityHint;
    QComboBox *m_resourceCombo;
    QLabel *m_resourceHint;
    QLineEdit *m_endpointEdit;
    QLabel *m_secretLabel;
    QLineEdit *m_secretEdit;
    QCheckBox *m_useEmulator;
    QWidget *m_pastedBox;
    QPlainTextEdit *m_pastedEdit;
    QPushButton *m_getButton;
    QPushButton *m_refreshButton;
    QPushButton *m_cancelButton;
    QProgressBar *m_progress;
    QLabel *m_status;

    QStackedWidget *m_cards;
    QFrame *m_emptyCard;
    QLabel *m_emptyText;
    TokenResultCard *m_resultCard;
    TokenFailureCard *m_failureCard;
    TokenResult m_previousForRequest; ///< the token the same request gave before this one, to tell caches apart
    TranscriptView *m_transcript;
    QTimer *m_ticker;
};

} // namespace idex::ui
