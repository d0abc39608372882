#pragma once

#include "call/callresult.h"
#include "diagnose/finding.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QTabWidget;
class QTableWidget;

namespace idex::ui {

class FindingsView;
class JsonHighlighter;
class PrincipalView;

/*! The answer to a test call: status with its meaning, timing, size, TLS details and certificate problems in plain
    words, the body (pretty, raw or hex), the headers, the exchange as sent, and the findings. Everything shown is
    redacted by app/net/redaction; the body view shows raw values only while its "Show secrets" box is ticked,
    which every new answer and every change of view unticks (never remembered). Server texts are plain text. */
class ResponseView : public QWidget
{
    Q_OBJECT
public:
    enum class BodyMode { Pretty, Raw, Hex };

    explicit ResponseView(QWidget *parent = nullptr);

    void showResult(const CallResult &result, const Findings &findings);
    /*! "Sending GET …" with an indeterminate progress bar, until showResult() or clear(). */
    void showBusy(const QString &text);
    void clear();

    void setBodyMode(BodyMode mode);
    BodyMode bodyMode() const;
    /*! The body as shown in the current mode (what Copy body copies). */
    QString bodyText() const;
    /*! Whether the body view shows raw values ("Show secrets"). */
    bool secretsShown() const;
    void setSecretsShown(bool shown);

    FindingsView *findingsView() const { return m_findings; }
    PrincipalView *principalView() const { return m_principal; }

private:
    void renderBody();
    void resetShowSecrets();

    CallResult m_result;
    bool m_hasResult = false;
    QLabel *m_status;
    QLabel *m_meaning;
    QLabel *m_stats;
    QLabel *m_tls;
    QLabel *m_certificate;
    QProgressBar *m_progress;
    QTabWidget *m_tabs;
    QComboBox *m_bodyMode;
    QCheckBox *m_showSecrets;
    QPlainTextEdit *m_body;
    JsonHighlighter *m_highlighter;
    QTableWidget *m_headers;
    QPlainTextEdit *m_exchange;
    FindingsView *m_findings;
    PrincipalView *m_principal;
};

} // namespace idex::ui
