#pragma once

#include "call/callresult.h"
#include "diagnose/finding.h"

#include <QWidget>

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
    redacted (tokens, secret headers). */
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

    FindingsView *findingsView() const { return m_findings; }
    PrincipalView *principalView() const { return m_principal; }

private:
    void renderBody();

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
    QPlainTextEdit *m_body;
    JsonHighlighter *m_highlighter;
    QTableWidget *m_headers;
    QPlainTextEdit *m_exchange;
    FindingsView *m_findings;
    PrincipalView *m_principal;
};

} // namespace idex::ui
