#pragma once

#include "diagnose/diagnosis.h"
#include "diagnose/verdict.h"
#include "jwt/claimscatalog.h"
#include "jwt/claimsreport.h"
#include "jwt/decodedtoken.h"
#include "jwt/keyresolution.h"

#include <QHash>
#include <QWidget>

#include <functional>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableView;
class QToolButton;

namespace idex {
class Session;
class KeyResolver;
} // namespace idex

namespace idex::ui {

class ClaimDiffModel;
class ClaimsModel;
class CompareTab;
class ExpectationForm;
class SignatureBox;
class FindingsView;
class TokenTimesView;
class VerdictBanner;

/*! Decode, verify and explain a token, offline: the Session's current token, a pasted one, or a dropped file.
    Header and payload as highlighted JSON, the claims with their meaning, live times, the signature (discovery from
    iss on demand, or a JWKS file), an expectation that turns into findings, a comparison with another token, and
    exports that mask the raw token unless asked. Never blocks: keys are fetched through HttpClient::send. */
class ClaimsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ClaimsPanel(Session &session, QWidget *parent = nullptr);
    ~ClaimsPanel() override;

    /*! Decodes what a person pasted (any form decodeToken() accepts). False, with errorText(), when unusable. */
    bool setTokenText(const QString &text);
    /*! Reads a token from a file (drag and drop, Open token file). */
    bool openTokenFile(const QString &path);
    const DecodedToken *token() const { return m_token ? &*m_token : nullptr; }
    QString errorText() const;

    Expectation expectation() const;
    void setExpectation(const Expectation &expectation);
    Findings findings() const { return m_findings; }
    /*! The overall verdict (VALID / INVALID / NOT VERIFIED) shown above the signature box; Unverified without a token.
     */
    TokenVerdict verdict() const { return m_verdict; }

    /*! Starts signature verification through OpenID discovery from iss (async). */
    void verifyByDiscovery();
    /*! Verifies with a JWKS or PEM file (no network). */
    void verifyWithKeyFile(const QString &path);

    /*! The other token of the comparison (any pasted form). */
    bool setCompareText(const QString &text);
    QString exportText(ReportFormat format, bool includeRawToken = false) const;
    /*! Writes exportText(\a format) (raw token masked) to \a path; false with \a error when there is no token or
        the file cannot be written. */
    bool saveReport(const QString &path, ReportFormat format, QString *error = nullptr) const;

    /*! Replaces the clock of the times strip, the table's relative times and the lifetime rules (tests). */
    void setClock(std::function<QDateTime()> clock);

    ClaimsModel *claimsModel() const { return m_claimsModel; }
    ClaimDiffModel *diffModel() const { return m_diffModel; }

protected:
    void dragEnterEvent(class QDragEnterEvent *event) override;
    void dropEvent(class QDropEvent *event) override;

private:
    QWidget *buildTopBar();
    QWidget *buildSummary();
    QWidget *buildTabs();
    QWidget *buildSidebar();
    void onSessionToken();
    void showToken(const DecodedToken &token, const QString &source);
    void showDecodeError(const QString &message);
    void applyVerification(const KeyResolution &resolution);
    void updateSignatureBox();
    void runDiagnosis();
    void refreshPresets();
    void refreshObjectNames();
    void exportToFile(ReportFormat format);
    void copyReport(ReportFormat format);
    void copyRawToken();
    void openTokenFileDialog();

    Session &m_session;
    ClaimsCatalog m_catalog;
    KeyResolver *m_resolver;
    std::optional<DecodedToken> m_token;
    std::optional<DecodedToken> m_previous; ///< the token shown before this one: the default comparison
    Findings m_findings;
    QString m_source;
    QString m_decodeError;
    bool m_updatingInput = false;
    int m_verifyGeneration = 0;
    std::function<QDateTime()> m_clock;

    ClaimsModel *m_claimsModel;
    ClaimDiffModel *m_diffModel;

    QLabel *m_sourceLabel = nullptr;
    QPlainTextEdit *m_input = nullptr;
    QLabel *m_errorBanner = nullptr;
    QLabel *m_summaryTitle = nullptr;
    QLabel *m_summaryLine = nullptr;
    TokenTimesView *m_times = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTableView *m_claimsView = nullptr;
    QLabel *m_claimDetail = nullptr;
    QPlainTextEdit *m_headerJson = nullptr;
    QPlainTextEdit *m_payloadJson = nullptr;
    QLabel *m_notes = nullptr;
    CompareTab *m_compare = nullptr;
    SignatureBox *m_signature = nullptr;
    ExpectationForm *m_expectation = nullptr;
    FindingsView *m_findingsView = nullptr;
    VerdictBanner *m_verdictBanner = nullptr;
    TokenVerdict m_verdict;
    QToolButton *m_exportButton = nullptr;
};

} // namespace idex::ui
