#include "findingsview.h"

#include "actionrow.h"
#include "diagnose/diagnosis.h"
#include "diagnose/valuediff.h"
#include "net/redaction.h"
#include "widgets/reflow.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>

namespace idex::ui {

QString severityIconPath(Severity severity)
{
    switch (severity) {
    case Severity::Error: return QStringLiteral(":/icons/error.svg");
    case Severity::Warning: return QStringLiteral(":/icons/warning.svg");
    case Severity::Info: return QStringLiteral(":/icons/info.svg");
    }
    return {};
}

namespace {

QColor accentOf(Severity severity)
{
    switch (severity) {
    case Severity::Error: return QColor(0xd1, 0x34, 0x38);
    case Severity::Warning: return QColor(0xc1, 0x85, 0x00);
    case Severity::Info: return QColor(0x0f, 0x6c, 0xbd);
    }
    return {};
}

/*! Findings quote servers, tokens and URLs: shown as written (never as markup) and through the redaction layer. */
QLabel *wrappedLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);
    label->setText(redaction::redactText(text));
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

/*! \a value as HTML with \a middle (the part that differs) marked; an empty middle is marked with a caret, so
    "api://x" against "api://x/" shows where the slash is missing. Everything is escaped: values come from tokens. */
QString markedHtml(const QString &prefix, const QString &middle, const QString &suffix)
{
    const QString mark = middle.isEmpty()
        ? QStringLiteral("<span style='color:#d13438;font-weight:bold'>\u2038</span>")
        : QStringLiteral("<span style='background-color:rgba(255,185,0,0.55);font-weight:bold'>%1</span>")
              .arg(middle.toHtmlEscaped());
    return prefix.toHtmlEscaped() + mark + suffix.toHtmlEscaped();
}

/*! The values a finding compares, each once, side by side, with the differing part marked and the directory's name
    for each when it knows one: "Token's aud   api://aad-func/   aad-func (3f2a8c1d…)". */
QWidget *comparedBox(const ComparedValues &compared, const ObjectNames &names, QWidget *parent)
{
    auto *box = new QWidget(parent);
    box->setObjectName(QStringLiteral("comparedValues"));
    auto *grid = new QGridLayout(box);
    grid->setContentsMargins(0, 2, 0, 2);
    grid->setHorizontalSpacing(10);
    grid->setVerticalSpacing(2);
    const QString actual = redaction::redactText(compared.actual);
    // Mark against the accepted value that resembles the token's most (the longest shared start and end).
    QString closest;
    qsizetype best = -1;
    for (const QString &candidate : compared.expected) {
        const ValueDiff diff = diffValues(actual, redaction::redactText(candidate));
        if (diff.prefix.size() + diff.suffix.size() > best) {
            best = diff.prefix.size() + diff.suffix.size();
            closest = redaction::redactText(candidate);
        }
    }
    const ValueDiff diff = diffValues(actual, closest);
    const bool mark = !diff.isUnrelated() && !diff.isSame();
    const auto addRow = [&](int row, const QString &caption, const QString &value, const QString &html) {
        auto *label = new QLabel(caption, box);
        label->setForegroundRole(QPalette::PlaceholderText);
        auto *text = new QLabel(box);
        text->setObjectName(row == 0 ? QStringLiteral("comparedActual") : QStringLiteral("comparedExpected"));
        text->setTextFormat(Qt::RichText);
        text->setText(QStringLiteral("<tt>%1</tt>").arg(html));
        text->setTextInteractionFlags(Qt::TextSelectableByMouse);
        text->setWordWrap(true);
        grid->addWidget(label, row, 0, Qt::AlignTop);
        grid->addWidget(text, row, 1);
        const QString name = names.find(value) ? names.describe(value) : QString();
        if (!name.isEmpty()) {
            auto *who = new QLabel(box);
            who->setObjectName(QStringLiteral("comparedName"));
            who->setTextFormat(Qt::PlainText);
            who->setText(name);
            who->setForegroundRole(QPalette::PlaceholderText);
            grid->addWidget(who, row, 2, Qt::AlignTop);
        }
    };
    addRow(0, QStringLiteral("Token's %1").arg(compared.what), actual,
        mark ? markedHtml(diff.prefix, diff.a, diff.suffix) : actual.toHtmlEscaped());
    int row = 1;
    for (const QString &candidate : compared.expected) {
        const QString value = redaction::redactText(candidate);
        const bool isClosest = mark && value == closest;
        addRow(row, row == 1 ? QStringLiteral("Accepted") : QStringLiteral("or"), value,
            isClosest ? markedHtml(diff.prefix, diff.b, diff.suffix) : value.toHtmlEscaped());
        ++row;
    }
    grid->setColumnStretch(1, 1);
    return box;
}

} // namespace

void FindingsView::setNames(const ObjectNames &names)
{
    m_names = names;
}

FindingsView::FindingsView(QWidget *parent, Fit fit)
    : QWidget(parent)
    , m_emptyText(QStringLiteral("No problem found with the expectation given."))
    , m_emptyIcon(QStringLiteral(":/icons/ok.svg"))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    if (fit == Fit::Grows) {
        m_cards = new QVBoxLayout;
        m_cards->setContentsMargins(0, 0, 0, 0);
        m_cards->setSpacing(8);
        m_cards->addStretch(1);
        layout->addLayout(m_cards);
        setFindings({});
        return;
    }
    // Up and down only: as wide as its cards need, so the answer's panes stack rather than a card scroll sideways.
    auto *scroll = new VerticalScrollArea(this);
    auto *content = new QWidget(scroll);
    m_cards = new QVBoxLayout(content);
    m_cards->setContentsMargins(0, 0, 4, 0);
    m_cards->setSpacing(8);
    m_cards->addStretch(1);
    scroll->setWidget(content);
    layout->addWidget(scroll);
    setFindings({});
}

void FindingsView::setEmptyText(const QString &text, const QString &iconPath)
{
    m_emptyText = text;
    m_emptyIcon = iconPath;
    if (m_findings.isEmpty())
        setFindings({});
}

QStringList FindingsView::codes() const
{
    QStringList list;
    for (const Finding &f : m_findings)
        list << f.code;
    return list;
}

void FindingsView::setFindings(const Findings &findings)
{
    m_findings = findings;
    while (m_cards->count() > 1) {
        QLayoutItem *item = m_cards->takeAt(0);
        delete item->widget();
        delete item;
    }
    if (findings.isEmpty()) {
        auto *card = new QFrame;
        card->setObjectName(QStringLiteral("finding-none"));
        card->setFrameShape(QFrame::StyledPanel);
        auto *row = new QHBoxLayout(card);
        auto *icon = new QLabel(card);
        icon->setPixmap(QIcon(m_emptyIcon).pixmap(22, 22));
        row->addWidget(icon, 0, Qt::AlignTop);
        row->addWidget(wrappedLabel(m_emptyText, card), 1);
        m_cards->insertWidget(0, card);
        return;
    }
    int index = 0;
    for (const Finding &f : findings)
        m_cards->insertWidget(index++, makeCard(f));
}

QWidget *FindingsView::makeCard(const Finding &finding)
{
    auto *card = new QFrame;
    card->setObjectName(QStringLiteral("finding-") + finding.code);
    card->setFrameShape(QFrame::StyledPanel);
    // A coloured left edge carries the severity at a glance, as in IDE problem lists.
    card->setStyleSheet(QStringLiteral("QFrame#%1 { border-left: 4px solid %2; border-radius: 3px; }")
                            .arg(card->objectName(), accentOf(finding.severity).name()));
    auto *row = new QHBoxLayout(card);
    row->setContentsMargins(10, 8, 8, 8);
    row->setSpacing(10);
    auto *icon = new QLabel(card);
    icon->setPixmap(QIcon(severityIconPath(finding.severity)).pixmap(22, 22));
    icon->setToolTip(severityName(finding.severity));
    row->addWidget(icon, 0, Qt::AlignTop);

    auto *text = new QVBoxLayout;
    text->setSpacing(4);
    auto *heading = new QHBoxLayout;
    auto *title = wrappedLabel(finding.title, card);
    title->setObjectName(QStringLiteral("findingTitle"));
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    auto *code = wrappedLabel(finding.code, card);
    QFont mono = code->font(); // the family only: the size follows the window's zoom
    mono.setFamily(QFontDatabase::systemFont(QFontDatabase::FixedFont).family());
    mono.setStyleHint(QFont::Monospace);
    code->setFont(mono);
    code->setForegroundRole(QPalette::PlaceholderText);
    code->setWordWrap(false);
    heading->addWidget(title, 1);
    heading->addWidget(code, 0, Qt::AlignTop);
    text->addLayout(heading);
    for (const ComparedValues &compared : finding.compared)
        text->addWidget(comparedBox(compared, m_names, card));
    // Names over GUIDs: "aad-func (9b1c2d3e…)" wherever the directory or the scenario knows the object.
    auto *evidence = wrappedLabel(m_names.annotate(finding.evidence), card);
    evidence->setObjectName(QStringLiteral("findingEvidence"));
    evidence->setVisible(!finding.evidence.isEmpty());
    text->addWidget(evidence);
    auto *fix = wrappedLabel(QStringLiteral("Fix: ") + m_names.annotate(finding.fix), card);
    fix->setObjectName(QStringLiteral("findingFix"));
    text->addWidget(fix);
    for (const FindingAction &action : finding.actions) {
        auto *actionRow = new ActionRow(action, card);
        connect(actionRow, &ActionRow::triggered, this, &FindingsView::actionTriggered);
        text->addWidget(actionRow);
    }
    row->addLayout(text, 1);

    auto *copy = new QToolButton(card);
    copy->setIcon(QIcon(QStringLiteral(":/icons/copy.svg")));
    copy->setAutoRaise(true);
    copy->setToolTip(QStringLiteral("Copy this finding"));
    connect(copy, &QToolButton::clicked, this,
        [finding] { QApplication::clipboard()->setText(findingsToText({ finding })); });
    row->addWidget(copy, 0, Qt::AlignTop);
    return card;
}

} // namespace idex::ui
