#include "lessonengine.h"

#include "directory/assignmentcommands.h"
#include "session/session.h"

#include <QEventLoop>
#include <QTimer>

namespace idex::lessons {

namespace {

using K = LessonAction::Kind;

QJsonObject roleJson(const emulator::AppRole &role)
{
    return { { QStringLiteral("id"), role.id }, { QStringLiteral("value"), role.value },
        { QStringLiteral("displayName"), role.displayName }, { QStringLiteral("description"), role.description },
        { QStringLiteral("allowedMemberTypes"), QJsonArray::fromStringList(role.allowedMemberTypes) },
        { QStringLiteral("isEnabled"), role.isEnabled } };
}

workflows::Outcome failed(const QString &message)
{
    return workflows::Outcome { false, 0, message };
}

} // namespace

LessonEngine::LessonEngine(Session &session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    qRegisterMetaType<idex::lessons::LessonRunReport>();
    connect(&m_session, &Session::diagnosisChanged, this, &LessonEngine::checksChanged);
    connect(&m_session, &Session::directoryChanged, this, &LessonEngine::checksChanged);
}

LessonEngine::~LessonEngine()
{
    if (m_ownEmulator && m_session.emulator() == m_ownEmulator.get())
        m_session.setEmulator(nullptr);
}

bool LessonEngine::setLesson(const Lesson &lesson, QString *error)
{
    m_lesson = lesson;
    return reset(error);
}

emulator::Emulator *LessonEngine::startOwnEmulator(QString *error)
{
    if (!m_keys.isValid()) {
        m_keys = emulator::Emulator::generateKeys(error);
        if (!m_keys.isValid())
            return nullptr;
    }
    auto fresh = std::make_unique<emulator::Emulator>();
    emulator::EmulatorOptions options;
    options.scenario = m_lesson.scenario;
    if (!fresh->start(options, m_keys, error))
        return nullptr;
    m_session.setEmulator(fresh.get());
    m_ownEmulator = std::move(fresh); // the old emulator goes after the session moved on
    return m_ownEmulator.get();
}

bool LessonEngine::onLessonRun() const
{
    return m_emulator && m_session.emulator() == m_emulator && m_session.emulatorRun().generation == m_runGeneration;
}

bool LessonEngine::reset(QString *error)
{
    emulator::Emulator *started = m_starter ? m_starter(m_lesson.scenario, error) : startOwnEmulator(error);
    if (!started || m_session.emulator() != started)
        return false;
    m_emulator = started;
    m_runGeneration = m_session.emulatorRun().generation;
    m_session.setActiveSource(QStringLiteral("Emulator (%1) on %2 for lesson %3")
                                  .arg(m_emulator->scenario().name, m_emulator->baseUrl().authority(), m_lesson.name));
    m_tokenFailure.reset();
    m_freshness.reset();
    m_previousTokens.clear();
    m_actionsDone.clear();
    m_actionsPerformed.clear();
    m_busy = false;
    setCurrentStep(0);
    Q_EMIT checksChanged();
    return true;
}

void LessonEngine::setCurrentStep(int step)
{
    m_step = std::clamp(step, 0, std::max(0, stepCount() - 1));
    Q_EMIT stepChanged(m_step);
    Q_EMIT checksChanged();
}

bool LessonEngine::next()
{
    if (m_step + 1 >= stepCount())
        return false;
    setCurrentStep(m_step + 1);
    return true;
}

bool LessonEngine::back()
{
    if (m_step == 0)
        return false;
    setCurrentStep(m_step - 1);
    return true;
}

CheckEvidence LessonEngine::evidence() const
{
    return CheckEvidence { &m_session, m_emulator.data(), m_tokenFailure, m_freshness };
}

QList<CheckResult> LessonEngine::evaluate() const
{
    if (m_step >= stepCount())
        return {};
    return evaluateStep(m_lesson.steps.at(m_step), evidence());
}

bool LessonEngine::currentStepPassed() const
{
    if (m_step >= stepCount())
        return false;
    const LessonStep &step = m_lesson.steps.at(m_step);
    // The room must see it happen: checks that already hold before the step's action ran do not pass the step.
    if (step.action && !m_actionsPerformed.contains(m_step))
        return false;
    if (step.checks.isEmpty())
        return !step.action || m_actionsDone.contains(m_step);
    const QList<CheckResult> results = evaluate();
    return std::all_of(results.begin(), results.end(), [](const CheckResult &r) { return r.passed; });
}

void LessonEngine::performAction()
{
    const int step = m_step;
    if (m_busy || step >= stepCount())
        return;
    const std::optional<LessonAction> action = m_lesson.steps.at(step).action;
    if (!action) {
        // A pointer-only step: the trainer acts in the GUI; nothing for the engine to do.
        QTimer::singleShot(0, this, [this, step] {
            Q_EMIT actionFinished(step, workflows::Outcome { true, 0, QStringLiteral("Nothing to perform.") });
        });
        return;
    }
    m_busy = true;
    perform(*action, [this, step](const workflows::Outcome &outcome) {
        m_busy = false;
        m_actionsPerformed.insert(step);
        if (outcome.ok)
            m_actionsDone.insert(step);
        Q_EMIT actionFinished(step, outcome);
        Q_EMIT checksChanged();
    });
}

QString LessonEngine::writerClientId(const QString &as) const
{
    const emulator::Identity *writer
        = m_emulator->scenario().identityByName(as.isEmpty() ? QStringLiteral("idex-reader") : as);
    return writer ? writer->clientId : QString();
}

void LessonEngine::perform(const LessonAction &a, workflows::OutcomeCallback whenDone)
{
    // Every outcome is reported from the event loop, never inside performAction() (a refusal found at once too).
    const workflows::OutcomeCallback done = [this, whenDone](const workflows::Outcome &outcome) {
        QTimer::singleShot(0, this, [whenDone, outcome] { whenDone(outcome); });
    };
    // Graph's createdDateTime and a token's iat count whole seconds, and the diagnosis calls a token stale only when
    // a directory change came in a later second. People clicking through leave seconds between a token and a change;
    // a headless run (or a quick trainer) waits for the next second instead, so the story reads the same.
    const bool directoryChange
        = a.kind == K::AssignRole || a.kind == K::RemoveAssignment || a.kind == K::AppRole || a.kind == K::SetIdentity;
    if (directoryChange && m_session.currentToken().isValid()
        && m_session.currentToken().obtainedAt.toSecsSinceEpoch() >= QDateTime::currentSecsSinceEpoch()) {
        const qint64 ms = QDateTime::currentMSecsSinceEpoch() % 1000;
        QTimer::singleShot(int(1000 - ms + 20), this, [this, a, done] { performNow(a, done); });
        return;
    }
    performNow(a, done);
}

void LessonEngine::performNow(const LessonAction &a, workflows::OutcomeCallback done)
{
    // The workflows use the session's emulator; the names are resolved in the lesson's. They must be the same run.
    if (!onLessonRun()) {
        return done(failed(QStringLiteral("The session now uses another emulator (a scenario was switched): press "
                                          "Reset lesson to run the lesson on its own again.")));
    }
    const emulator::Scenario &s = m_emulator->scenario();
    switch (a.kind) {
    case K::GetToken: {
        const emulator::Identity *identity = s.identityByName(a.identity);
        if (!identity)
            return done(failed(QStringLiteral("No identity named %1.").arg(a.identity)));
        // The system-assigned identity is the host's default; a user-assigned one is asked for by client ID.
        const IdentitySelector selector = identity->isSystem()
            ? IdentitySelector {}
            : IdentitySelector { IdentitySelector::Kind::ClientId, identity->clientId };
        const QString resource = expandPlaceholders(a.resource, m_emulator.data());
        const QString key = a.identity + u'|' + resource;
        workflows::getEmulatorToken(
            m_session, selector, resource, this, [this, key, done](const FetchOutcome &outcome) {
                if (!outcome.token) {
                    m_tokenFailure = outcome.failure;
                    return done(failed(QStringLiteral("%1: %2").arg(outcome.failure.title, outcome.failure.detail)));
                }
                m_tokenFailure.reset();
                m_freshness = freshnessOf(*outcome.token, m_previousTokens.value(key));
                m_previousTokens.insert(key, *outcome.token);
                done(workflows::Outcome { true, 200, QStringLiteral("Got a token (%1).").arg(m_freshness->text) });
            });
        return;
    }
    case K::Call:
        workflows::callEmulator(
            m_session, expandPlaceholders(a.path, m_emulator.data()), this, [done](const CallResult &call) {
                done(workflows::Outcome { call.answered(), call.status(),
                    call.answered() ? QStringLiteral("HTTP %1").arg(call.status()) : call.response().error });
            });
        return;
    case K::AssignRole:
    case K::RemoveAssignment: {
        const emulator::Identity *identity = s.identityByName(a.identity);
        const emulator::ServicePrincipal *principal
            = identity ? s.servicePrincipalById(identity->principalId) : nullptr;
        const emulator::Application *app = s.applicationByName(a.application);
        const emulator::ServicePrincipal *resource = nullptr;
        for (const emulator::ServicePrincipal &sp : s.servicePrincipals)
            if ((app && sp.appId == app->appId) || (!app && sp.displayName == a.application))
                resource = &sp;
        if (!principal)
            return done(failed(QStringLiteral("%1 has no service principal (is its identity on?).").arg(a.identity)));
        if (!resource)
            return done(failed(QStringLiteral("%1 has no service principal in the tenant.").arg(a.application)));
        AssignmentChange change;
        change.principalId = principal->id;
        change.resourceId = resource->id;
        change.principalName = a.identity;
        change.resourceName = resource->displayName;
        change.roleValue = a.role;
        for (const emulator::AppRole &role : resource->appRoles)
            if (role.value == a.role)
                change.appRoleId = role.id;
        if (change.appRoleId.isEmpty())
            return done(failed(QStringLiteral("%1 exposes no app role %2.").arg(resource->displayName, a.role)));
        const bool add = a.kind == K::AssignRole;
        if (!add) {
            for (const emulator::AppRoleAssignment &existing : s.appRoleAssignments)
                if (existing.principalId == change.principalId && existing.resourceId == change.resourceId
                    && existing.appRoleId.compare(change.appRoleId, Qt::CaseInsensitive) == 0)
                    change.assignmentId = existing.id;
            if (change.assignmentId.isEmpty())
                return done(
                    failed(QStringLiteral("%1 does not hold %2 on %3.").arg(a.identity, a.role, a.application)));
        }
        workflows::changeAssignment(m_session, change, add, writerClientId(a.as), this, done);
        return;
    }
    case K::FlushCache:
        workflows::emulatorAdmin(m_session, "DELETE", QStringLiteral("/admin/token-cache"), {}, this, done);
        return;
    case K::SetIdentity:
        workflows::emulatorAdmin(m_session, "PATCH",
            QStringLiteral("/admin/identities/") + QString::fromLatin1(QUrl::toPercentEncoding(a.identity)),
            QJsonObject { { QStringLiteral("enabled"), a.enabled } }, this, done);
        return;
    case K::SetClockSkew:
        workflows::emulatorAdmin(m_session, "PUT", QStringLiteral("/admin/clock-skew"),
            QJsonObject { { QStringLiteral("seconds"), a.seconds } }, this, done);
        return;
    case K::ClearFaults:
        workflows::emulatorAdmin(m_session, "DELETE", QStringLiteral("/admin/faults"), {}, this, done);
        return;
    case K::ReloadDirectory: workflows::loadEmulatorDirectory(m_session, a.as, this, done); return;
    case K::AppRole: {
        const emulator::Application *app = s.applicationByName(a.application);
        if (!app)
            return done(failed(QStringLiteral("No app registration named %1.").arg(a.application)));
        QJsonArray roles;
        bool found = false;
        for (const emulator::AppRole &role : app->appRoles) {
            if (role.value != a.role) {
                roles.append(roleJson(role));
                continue;
            }
            found = true;
            if (a.change == QLatin1String("remove"))
                continue;
            emulator::AppRole changed = role;
            if (a.change != QLatin1String("add"))
                changed.isEnabled = a.change == QLatin1String("enable");
            roles.append(roleJson(changed));
        }
        if (a.change == QLatin1String("add") && !found) {
            emulator::AppRole role;
            role.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            role.value = a.role;
            role.displayName = a.displayName.isEmpty() ? a.role : a.displayName;
            role.description = a.description;
            role.allowedMemberTypes = a.allowedMemberTypes;
            roles.append(roleJson(role));
        } else if (!found) {
            return done(failed(QStringLiteral("%1 has no app role %2.").arg(a.application, a.role)));
        }
        workflows::patchAppRoles(m_session, app->id, roles, writerClientId(a.as), this, done);
        return;
    }
    }
}

void LessonEngine::runAll()
{
    auto report = std::make_shared<LessonRunReport>();
    QString error;
    if (!reset(&error)) {
        report->failedStep = 0;
        report->failure = error;
        Q_EMIT runFinished(*report);
        return;
    }
    runFrom(0, report);
}

LessonRunReport LessonEngine::runAllAndWait()
{
    LessonRunReport report;
    QEventLoop loop;
    const QMetaObject::Connection done
        = connect(this, &LessonEngine::runFinished, &loop, [&](const LessonRunReport &finished) {
              report = finished;
              loop.quit();
          });
    runAll();
    loop.exec();
    disconnect(done);
    return report;
}

void LessonEngine::runFrom(int step, std::shared_ptr<LessonRunReport> report)
{
    if (step >= stepCount()) {
        report->passed = true;
        Q_EMIT runFinished(*report);
        return;
    }
    setCurrentStep(step);
    const LessonStep &s = m_lesson.steps.at(step);
    report->log << QStringLiteral("Step %1/%2: %3").arg(step + 1).arg(stepCount()).arg(s.title);
    const auto checkAndGoOn = [this, step, report](const workflows::Outcome &outcome, bool hadAction) {
        if (hadAction)
            report->log << QStringLiteral("  action: %1").arg(outcome.message);
        QStringList notYet;
        // Without checks, the step is its action: it must succeed.
        if (hadAction && m_lesson.steps.at(step).checks.isEmpty() && !outcome.ok)
            notYet << QStringLiteral("the action failed: %1").arg(outcome.message);
        for (const CheckResult &r : evaluate()) {
            report->log << QStringLiteral("  ") + r.describe();
            if (!r.passed)
                notYet << r.describe();
        }
        if (!notYet.isEmpty()) {
            report->failedStep = step;
            report->failure = notYet.join(QStringLiteral("\n"));
            Q_EMIT runFinished(*report);
            return;
        }
        runFrom(step + 1, report);
    };
    if (!s.action) {
        checkAndGoOn({}, false);
        return;
    }
    // A failed action is not a failed step by itself: a lesson may mean it to fail (Identity not found); the
    // checks decide.
    m_busy = true;
    perform(*s.action, [this, step, checkAndGoOn](const workflows::Outcome &outcome) {
        m_busy = false;
        m_actionsPerformed.insert(step);
        if (outcome.ok)
            m_actionsDone.insert(step);
        checkAndGoOn(outcome, true);
    });
}

} // namespace idex::lessons
