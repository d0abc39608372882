#include "transcriptview.h"

#include "net/redaction.h"
#include "net/transcriptformat.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QToolButton>
#include <QVBoxLayout>

namespace idex::ui {

namespace {

const QString kSeparator = QStringLiteral("----------------------------------------");

/*! Request lines, status lines, notes and transport errors stand out; the rest stays plain. */
class TranscriptHighlighter : public QSyntaxHighlighter
{
public:
    using QSyntaxHighlighter::QSyntaxHighlighter;

protected:
    void highlightBlock(const QString &text) override
    {
        static const QRegularExpression request(QStringLiteral("^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) "));
        static const QRegularExpression status(QStringLiteral("^HTTP (\\d{3})"));
        static const QRegularExpression header(QStringLiteral("^[A-Za-z0-9-]+: "));
        QTextCharFormat format;
        if (request.match(text).hasMatch()) {
            format.setForeground(QColor(0x1f, 0x5f, 0xbf));
            format.setFontWeight(QFont::Bold);
            setFormat(0, int(text.size()), format);
        } else if (const auto match = status.match(text); match.hasMatch()) {
            const int code = match.captured(1).toInt();
            format.setForeground(code < 300 ? QColor(0x1e, 0x7e, 0x34)
                    : code < 500            ? QColor(0xb3, 0x26, 0x1e)
                                            : QColor(0xa3, 0x4d, 0x00));
            format.setFontWeight(QFont::Bold);
            setFormat(0, int(text.size()), format);
        } else if (text.startsWith(QLatin1String("# "))) {
            format.setForeground(QColor(0x6a, 0x73, 0x7d));
            format.setFontItalic(true);
            setFormat(0, int(text.size()), format);
        } else if (text.startsWith(QLatin1String("-- "))) {
            format.setForeground(QColor(0xb3, 0x26, 0x1e));
            setFormat(0, int(text.size()), format);
        } else if (text == kSeparator) {
            format.setForeground(QColor(0xb0, 0xb7, 0xc3));
            setFormat(0, int(text.size()), format);
        } else if (const auto match = header.match(text); match.hasMatch()) {
            format.setForeground(QColor(0x6f, 0x42, 0xc1));
            setFormat(0, int(match.capturedLength() - 2), format);
        }
    }
};

/*! A JSON body laid out over several lines; redaction keeps the layout it is given. Other bodies unchanged. */
QByteArray indentedJson(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || document.isNull())
        return body;
    return document.toJson(QJsonDocument::Indented).trimmed();
}

} // namespace

TranscriptView::TranscriptView(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_copy(new QToolButton(this))
    , m_text(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("transcriptView"));
    m_title->setObjectName(QStringLiteral("transcriptTitle"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    m_copy->setObjectName(QStringLiteral("copyTranscriptButton"));
    m_copy->setIcon(QIcon(QStringLiteral(":/icons/copy.svg")));
    m_copy->setText(QStringLiteral("Copy"));
    m_copy->setToolTip(QStringLiteral("Copy the transcript (secrets stay redacted)"));
    m_copy->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_copy->setAutoRaise(true);
    connect(m_copy, &QToolButton::clicked, this, &TranscriptView::copyToClipboard);

    m_text->setObjectName(QStringLiteral("transcriptText"));
    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_text->setPlaceholderText(QStringLiteral("The HTTP requests and answers will appear here, secrets redacted."));
    new TranscriptHighlighter(m_text->document());

    auto *header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    header->addWidget(m_title, 1);
    header->addWidget(m_copy);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(header);
    layout->addWidget(m_text, 1);
    updateHeader();
}

void TranscriptView::setTranscript(const Transcript &transcript)
{
    clear();
    for (const HttpExchange &exchange : transcript)
        appendExchange(exchange);
}

void TranscriptView::appendExchange(const HttpExchange &exchange)
{
    if (m_count > 0)
        m_text->appendPlainText(kSeparator);
    HttpExchange readable = exchange;
    readable.request.body = indentedJson(exchange.request.body);
    readable.response.body = indentedJson(exchange.response.body);
    // formatExchange redacts: nothing secret reaches the widget, so nothing secret can be copied from it.
    m_text->appendPlainText(formatExchange(readable).trimmed());
    ++m_count;
    updateHeader();
}

void TranscriptView::appendNote(const QString &note)
{
    m_text->appendPlainText(QStringLiteral("# ") + redaction::redactText(note));
    updateHeader();
}

void TranscriptView::clear()
{
    m_text->clear();
    m_count = 0;
    updateHeader();
}

QString TranscriptView::text() const
{
    return m_text->toPlainText();
}

void TranscriptView::updateHeader()
{
    m_title->setText(m_count == 0 ? QStringLiteral("Transcript")
                                  : QStringLiteral("Transcript · %1 %2")
                                        .arg(m_count)
                                        .arg(m_count == 1 ? QStringLiteral("request") : QStringLiteral("requests")));
    m_copy->setEnabled(!m_text->document()->isEmpty());
}

void TranscriptView::copyToClipboard()
{
    QApplication::clipboard()->setText(text());
}

} // namespace idex::ui
