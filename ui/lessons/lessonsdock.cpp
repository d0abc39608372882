#include "lessonsdock.h"

#include "emulator/embeddedemulator.h"
#include "lessons/lessonparser.h"
#include "lessons/lessontext.h"
#include "session/session.h"
#include "widgets/flowlayout.h"
#include "widgets/reflow.h"

#include <QBoxLayout>
#include <QDynamicPropertyChangeEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

namespace idex::ui {

namespace {

QLabel *wrappingLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    // Lesson files come from trainers: their text is shown as written, never as markup.
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QPushButton *button(const QString &text, const QString &objectName, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(objectName);
    return b;
}

QString panelName(const QString &panel)
{
    if (panel == QLatin1String("call"))
        return QStringLiteral("Test call");
    return panel.left(1).toUpper() + panel.mid(1);
}

} // namespace

LessonsDock::LessonsDock(Session &session, QWidget *parent)
    : QDockWidget(QStringLiteral("Lessons"), parent)
    , m_session(session)
    , m_engine(session)
{
    setObjectName(QStringLiteral("lessonsDock"));
    auto *root = new QSplitter(Qt::Horizontal, this);

    auto *left = m_left = new QWidget(root);
    auto *leftLayout = new QVBoxLayout(left);
    m_list = new QListWidget(left);
    m_list->setObjectName(QStringLiteral("lessonList"));
    m_list->setWordWrap(true);
    m_list->setTextElideMode(Qt::ElideNone);
    m_list->setSpacing(2);
    m_list->setAlternatingRowColors(true);
    m_start = button(QStringLiteral("Start lesson"), QStringLiteral("startLesson"), left);
    m_open = button(QStringLiteral("Open lesson file…"), QStringLiteral("openLessonFile"), left);
    leftLayout->addWidget(m_list, 1);
    auto *leftButtons = new QHBoxLayout;
    leftButtons->addWidget(m_start);
    leftButtons->addWidget(m_open);
    leftLayout->addLayout(leftButtons);

    // The step scrolls rather than clips: at 1024x700 or 200% a long story and its checks need more than the dock.
    auto *rightScroll = m_stepScroll = new QScrollArea(root);
    rightScroll->setWidgetResizable(true);
    rightScroll->setFrameShape(QFrame::NoFrame);
    auto *right = new QWidget(rightScroll);
    rightScroll->setWidget(right);
    auto *layout = new QVBoxLayout(right);
    m_lessonTitle = wrappingLabel(QStringLiteral("lessonTitle"), right);
    QFont big = m_lessonTitle->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.2);
    m_lessonTitle->setFont(big);
    // Which emulator run the lesson drives: the same port the Token and Test call panels use.
    m_emulatorLine = wrappingLabel(QStringLiteral("lessonEmulator"), right);
    m_story = wrappingLabel(QStringLiteral("lessonStory"), right);
    m_stepTitle = wrappingLabel(QStringLiteral("stepTitle"), right);
    QFont bold = m_stepTitle->font();
    bold.setBold(true);
    m_stepTitle->setFont(bold);
    m_instruction = wrappingLabel(QStringLiteral("stepInstruction"), right);
    m_pointer = wrappingLabel(QStringLiteral("stepPointer"), right);
    m_act = button(QStringLiteral("Do it"), QStringLiteral("performAction"), right);
    m_actionResult = wrappingLabel(QStringLiteral("actionResult"), right);
    m_checks = new QListWidget(right);
    m_checks->setObjectName(QStringLiteral("stepChecks"));
    m_checks->setWordWrap(true);
    m_checks->setMinimumHeight(m_checks->fontMetrics().lineSpacing() * 4);
    m_status = wrappingLabel(QStringLiteral("stepStatus"), right);
    m_teaches = new QTextBrowser(right);
    m_teaches->setObjectName(QStringLiteral("stepTeaches"));
    m_teaches->setOpenLinks(false);
    m_teaches->setMinimumHeight(m_teaches->fontMetrics().lineSpacing() * 5);
    m_back = button(QStringLiteral("Back"), QStringLiteral("stepBack"), right);
    m_next = button(QStringLiteral("Next"), QStringLiteral("stepNext"), right);
    m_reset = button(QStringLiteral("Reset lesson"), QStringLiteral("resetLesson"), right);
    m_reveal = button(QStringLiteral("Reveal the fix"), QStringLiteral("revealFix"), right);

    layout->addWidget(m_lessonTitle);
    layout->addWidget(m_emulatorLine);
    layout->addWidget(m_story);
    // The step's title shares its row with the buttons in presenter mode (setCompact()): one row fewer.
    m_titleRow = new QHBoxLayout;
    m_titleRow->addWidget(m_stepTitle, 1);
    layout->addLayout(m_titleRow);
    layout->addWidget(m_instruction);
    layout->addWidget(m_pointer);
    // The action's result beside its button, or under it when the button's text (a resource URI) leaves no room.
    auto *actRow = m_actRow = new FlowLayout;
    actRow->addWidget(m_act);
    m_actionResult->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    actRow->addWidget(m_actionResult);
    layout->addLayout(actRow);
    // The checks above what the step teaches; side by side in presenter mode.
    m_results = new QBoxLayout(QBoxLayout::TopToBottom);
    m_results->addWidget(m_checks, 1);
    m_results->addWidget(m_status);
    m_results->addWidget(m_teaches, 2);
    layout->addLayout(m_results, 1);
    // Back and Next at the left, the fix and the reset at the right; one pair above the other when the column is
    // narrower than the four (beside the emulator dock at 1024x700 it scrolled sideways).
    m_nav = new QWidget(right);
    auto *nav = new ReflowLayout(m_nav);
    nav->setContentsMargins(0, 0, 0, 0);
    auto *steps = new QHBoxLayout;
    steps->addWidget(m_back);
    steps->addWidget(m_next);
    steps->addStretch(1);
    auto *fix = new QHBoxLayout;
    fix->addStretch(1);
    fix->addWidget(m_reveal);
    fix->addWidget(m_reset);
    nav->addLayout(steps, 1);
    nav->addLayout(fix, 1);
    m_bodyLayout = layout;
    layout->addWidget(m_nav);

    root->addWidget(left);
    root->addWidget(rightScroll);
    root->setStretchFactor(0, 1);
    root->setStretchFactor(1, 3);
    setWidget(root);

    for (const QString &name : lessons::builtInLessonNames()) {
        lessons::Lesson lesson;
        QString error;
        if (lessons::loadLesson(name, &lesson, &error)) {
            m_lessons << lesson;
            auto *item
                = new QListWidgetItem(QStringLiteral("%1\n    Expected: %2").arg(lesson.title, lesson.outcome), m_list);
            item->setToolTip(QStringLiteral("Scenario: %1\n%2").arg(lesson.scenario, lesson.story));
            item->setData(Qt::UserRole, name);
        }
    }
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);

    connect(m_start, &QPushButton::clicked, this, &LessonsDock::startSelected);
    connect(m_list, &QListWidget::itemActivated, this, &LessonsDock::startSelected);
    connect(m_open, &QPushButton::clicked, this, &LessonsDock::openFile);
    connect(m_act, &QPushButton::clicked, this, [this] {
        m_act->setEnabled(false);
        m_actionResult->setText(QStringLiteral("Working…"));
        m_engine.performAction();
    });
    connect(m_back, &QPushButton::clicked, this, [this] { m_engine.back(); });
    connect(m_next, &QPushButton::clicked, this, [this] { m_engine.next(); });
    connect(m_reset, &QPushButton::clicked, this, [this] {
        QString error;
        if (!m_engine.reset(&error))
            m_status->setText(QStringLiteral("Reset failed: %1").arg(error));
    });
    connect(m_reveal, &QPushButton::clicked, this, &LessonsDock::reveal);
    connect(&m_engine, &lessons::LessonEngine::stepChanged, this, &LessonsDock::showStep);
    connect(&m_engine, &lessons::LessonEngine::checksChanged, this, &LessonsDock::showChecks);
    connect(&m_engine, &lessons::LessonEngine::actionFinished, this, &LessonsDock::onActionFinished);
    // A finding's "Open the lesson for this failure" (Session::perform) lands here.
    connect(&m_session, &Session::actionRequested, this, [this](const FindingAction &action) {
        if (action.kind == FindingAction::Kind::OpenLesson)
            showLesson(action.parameters.value(QStringLiteral("lesson")));
    });
    connect(&m_session, &Session::emulatorUrlChanged, this, &LessonsDock::showEmulator);
    showEmulator();
    showStep();
}

bool LessonsDock::event(QEvent *event)
{
    if (event->type() == QEvent::DynamicPropertyChange
        && static_cast<QDynamicPropertyChangeEvent *>(event)->propertyName() == "presenter")
        setCompact(property("presenter").toBool());
    // The bar's rows wrap with its width: its minimum height follows.
    if (event->type() == QEvent::Resize && m_compact)
        QTimer::singleShot(0, this, &LessonsDock::fitCompactHeight);
    // 150% to 200% keeps presenter mode on: the bar's heights follow the new font once every child has it.
    if (event->type() == QEvent::FontChange && m_compact)
        QTimer::singleShot(0, this, [this] {
            if (m_compact)
                setCompact(true);
        });
    return QDockWidget::event(event);
}

void LessonsDock::setCompact(bool compact)
{
    m_compact = compact;
    // A projected step bar: the room follows the step, its checks and what it teaches; the trainer picks
    // lessons before presenting (or leaves presenter mode for it).
    m_left->setVisible(!compact);
    // The step's instruction repeats what its action button says; the panel outlines the control it points at.
    for (QWidget *w : { static_cast<QWidget *>(m_lessonTitle), static_cast<QWidget *>(m_story),
             static_cast<QWidget *>(m_emulatorLine), static_cast<QWidget *>(m_instruction),
             static_cast<QWidget *>(m_status) }) // the checks' marks say it
        w->setVisible(!compact);
    m_pointer->setVisible(!compact && m_running && m_engine.stepCount() > 0
        && m_engine.lesson().steps.at(m_engine.currentStep()).pointer.has_value());
    const int line = m_checks->fontMetrics().lineSpacing();
    // Two lines of a check or of the teaching in view (frame and item margins on top), the rows above at their text:
    // the height left over goes to them, not to a one-line title.
    const int twoLines = line * 2 + 2 * m_checks->frameWidth() + 8;
    m_checks->setMaximumHeight(compact ? line * 3 + twoLines - line * 2 : QWIDGETSIZE_MAX);
    m_checks->setMinimumHeight(compact ? twoLines : line * 4);
    m_teaches->setMaximumHeight(compact ? line * 3 + twoLines - line * 2 : QWIDGETSIZE_MAX);
    m_teaches->setMinimumHeight(compact ? twoLines : line * 5);
    m_stepTitle->setMaximumHeight(compact ? m_stepTitle->fontMetrics().lineSpacing() * 2 : QWIDGETSIZE_MAX);
    m_actionResult->setMaximumHeight(compact ? line * 2 + 4 : QWIDGETSIZE_MAX);
    // Three rows in all (the step and its buttons, the action, the checks beside what it teaches): the bar fits the
    // height presenter mode leaves it at 150% and 200%, Back and Next in sight.
    m_results->setDirection(compact ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
    m_results->setStretch(2, compact ? 1 : 2); // side by side, a check's line has half the width
    m_bodyLayout->removeWidget(m_nav);
    m_titleRow->removeWidget(m_nav);
    if (compact)
        m_titleRow->addWidget(m_nav, 0);
    else
        m_bodyLayout->addWidget(m_nav);
    fitCompactHeight();
}

void LessonsDock::fitCompactHeight()
{
    // The bar is never squeezed below its three rows (the window shrunk after presenter mode placed it, the docks'
    // tab bar came): the panels above scroll instead. The rows at the widths they have now: a long title or action
    // result takes its second line.
    if (!m_compact) {
        m_stepScroll->setMinimumHeight(0);
        return;
    }
    const QMargins margins = m_bodyLayout->contentsMargins();
    const int spacing = qMax(0, m_bodyLayout->spacing());
    auto textHeight = [](const QLabel *label) {
        return label->width() > 0 && label->hasHeightForWidth()
            ? qMin(label->heightForWidth(label->width()), label->maximumHeight())
            : label->fontMetrics().lineSpacing();
    };
    const int width = m_stepScroll->viewport()->width() - margins.left() - margins.right();
    const int actionRow
        = width > 0 ? m_actRow->heightForWidth(width) : qMax(m_act->sizeHint().height(), textHeight(m_actionResult));
    const int rows = qMax(m_nav->sizeHint().height(), textHeight(m_stepTitle)) + actionRow + m_checks->minimumHeight()
        + 2 * spacing;
    const int height = margins.top() + rows + margins.bottom();
    if (m_stepScroll->minimumHeight() != height)
        m_stepScroll->setMinimumHeight(height);
}

void LessonsDock::showEmulator()
{
    const EmulatorRun &run = m_session.emulatorRun();
    m_emulatorLine->setText(run.isValid()
            ? QStringLiteral("Emulator: %1 on %2").arg(run.scenario, run.baseUrl.authority())
            : QStringLiteral("Emulator: not running"));
}

void LessonsDock::driveEmulator(EmbeddedEmulator &embedded)
{
    m_engine.setEmulatorStarter([&embedded](const QString &scenario, QString *error) -> emulator::Emulator * {
        if (embedded.switchScenario(scenario))
            return &embedded.emulator();
        if (error)
            *error = embedded.lastError();
        return nullptr;
    });
}

bool LessonsDock::showLesson(const QString &name)
{
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->data(Qt::UserRole).toString() != name)
            continue;
        // Selected, not started: starting resets the emulator, which the user may not want in the middle of a call.
        m_list->setCurrentRow(row);
        m_list->scrollToItem(m_list->item(row));
        show();
        raise();
        m_list->setFocus();
        return true;
    }
    return false;
}

bool LessonsDock::addLessonFile(const QString &path, QString *error)
{
    lessons::Lesson lesson;
    if (!lessons::loadLesson(path, &lesson, error))
        return false;
    m_lessons << lesson;
    auto *item = new QListWidgetItem(QStringLiteral("%1\n    Expected: %2").arg(lesson.title, lesson.outcome), m_list);
    item->setToolTip(QStringLiteral("%1\nScenario: %2\n%3").arg(path, lesson.scenario, lesson.story));
    m_list->setCurrentItem(item);
    return true;
}

void LessonsDock::openFile()
{
    const QString path = QFileDialog::getOpenFileName(
        this, QStringLiteral("Open a lesson file"), QString(), QStringLiteral("Lessons (*.json)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!addLessonFile(path, &error))
        QMessageBox::warning(this, QStringLiteral("Broken lesson file"), error);
}

void LessonsDock::startSelected()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_lessons.size())
        return;
    QString error;
    m_running = m_engine.setLesson(m_lessons.at(row), &error);
    if (!m_running)
        m_status->setText(QStringLiteral("The lesson could not start: %1").arg(error));
    showStep();
}

void LessonsDock::showStep()
{
    QTimer::singleShot(0, this, &LessonsDock::fitCompactHeight); // its title and result have new lengths
    const bool on = m_running && m_engine.stepCount() > 0;
    for (QWidget *w : { static_cast<QWidget *>(m_act), static_cast<QWidget *>(m_back), static_cast<QWidget *>(m_next),
             static_cast<QWidget *>(m_reset), static_cast<QWidget *>(m_reveal) })
        w->setEnabled(on);
    m_teaches->clear();
    m_actionResult->clear();
    if (!on) {
        m_lessonTitle->setText(QStringLiteral("Lessons"));
        m_story->setText(QStringLiteral("Pick a lesson and press Start lesson: each runs on a fresh emulator with "
                                        "its own scenario, step by step, and checks that the room saw what it was "
                                        "meant to see."));
        for (QLabel *l : { m_stepTitle, m_instruction, m_pointer, m_status })
            l->clear();
        m_checks->clear();
        return;
    }
    const lessons::Lesson &lesson = m_engine.lesson();
    const lessons::LessonStep &step = lesson.steps.at(m_engine.currentStep());
    m_lessonTitle->setText(lesson.title);
    m_story->setText(QStringLiteral("%1\nExpected: %2").arg(lesson.story, lesson.outcome));
    m_stepTitle->setText(
        QStringLiteral("Step %1 of %2: %3").arg(m_engine.currentStep() + 1).arg(m_engine.stepCount()).arg(step.title));
    m_instruction->setText(step.instruction);
    m_pointer->setText(step.pointer
            ? QStringLiteral("Where: %1 panel \u203a %2").arg(panelName(step.pointer->panel), step.pointer->control)
            : QString());
    m_pointer->setVisible(step.pointer.has_value() && !m_compact);
    if (step.pointer)
        Q_EMIT pointerShown(step.pointer->panel, step.pointer->control);
    // In presenter mode the docks share one place: the step bar comes back to the front unless the step is done
    // in the emulator dock.
    if (m_compact && (!step.pointer || step.pointer->panel != QLatin1String("emulator")))
        raise();
    // A pointer-only step is done in the panels: no button for it.
    m_act->setVisible(step.action.has_value());
    // Live values (a client ID that changed when the identity was turned on again), not the placeholders.
    m_act->setText(step.action ? lessons::expandPlaceholders(lessons::describeAction(*step.action), m_engine.emulator())
                               : QString());
    m_act->setEnabled(step.action.has_value() && !m_engine.isBusy());
    m_back->setEnabled(m_engine.currentStep() > 0);
    m_next->setEnabled(m_engine.currentStep() + 1 < m_engine.stepCount());
    showChecks();
}

void LessonsDock::showChecks()
{
    if (!m_running || m_engine.stepCount() == 0)
        return;
    m_checks->clear();
    const QList<lessons::CheckResult> results = m_engine.evaluate();
    for (const lessons::CheckResult &r : results) {
        auto *item = new QListWidgetItem(
            // The icon marks it; the words say what was expected and, when not yet, what the session shows.
            QIcon(r.passed ? QStringLiteral(":/icons/ok.svg") : QStringLiteral(":/icons/warning.svg")),
            r.passed ? r.expected : r.describe(), m_checks);
        item->setData(Qt::UserRole, r.passed);
    }
    const bool passed = m_engine.currentStepPassed();
    if (passed)
        m_status->setText(QStringLiteral("\u2713 Step passed."));
    else if (!m_engine.currentActionPerformed())
        m_status->setText(QStringLiteral("Not yet: press \"%1\".").arg(m_act->text()));
    else
        m_status->setText(QStringLiteral("Not yet."));
    if (passed)
        reveal(); // what the step teaches comes once the room has seen it
}

void LessonsDock::reveal()
{
    if (!m_running || m_engine.stepCount() == 0)
        return;
    const lessons::LessonStep &step = m_engine.lesson().steps.at(m_engine.currentStep());
    QString text = step.teaches;
    if (!step.portal.isEmpty())
        text += QStringLiteral("\n\nAzure portal: ") + step.portal;
    for (const QString &command : step.commands)
        text += QStringLiteral("\n\n$ ") + command;
    m_teaches->setPlainText(text);
}

void LessonsDock::onActionFinished(int step, const workflows::Outcome &outcome)
{
    QTimer::singleShot(0, this, &LessonsDock::fitCompactHeight);
    if (step != m_engine.currentStep())
        return;
    m_act->setEnabled(true);
    m_actionResult->setText(outcome.message);
    showChecks();
}

} // namespace idex::ui
