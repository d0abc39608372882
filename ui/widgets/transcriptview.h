#pragma once

#include "net/httptypes.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QToolButton;

namespace idex::ui {

/*! The HTTP exchanges behind a result, as text: method, URL, headers, bodies, status, timing, retries. Always
    redacted (identity headers, secrets, Arc keys, tokens): what is shown is exactly what Copy puts on the clipboard.
    Monospace, highlighted, read-only. Reusable by any panel that shows HTTP. */
class TranscriptView : public QWidget
{
    Q_OBJECT
public:
    explicit TranscriptView(QWidget *parent = nullptr);

    void setTranscript(const Transcript &transcript);
    void appendExchange(const HttpExchange &exchange);
    /*! A line of its own, e.g. "# waiting 10 s before retry 2 (410 Gone)". Redacted too. */
    void appendNote(const QString &note);
    void clear();

    /*! The text shown (and copied). */
    QString text() const;
    int exchangeCount() const { return m_count; }

private:
    void updateHeader();
    void copyToClipboard();

    QLabel *m_title;
    QToolButton *m_copy;
    QPlainTextEdit *m_text;
    int m_count = 0;
};

} // namespace idex::ui
