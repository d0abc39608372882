// The lesson file format in one place (about 520 lines): every field's reading and validation, so that an error names
// file, field and reason the same way everywhere, and the names it uses checked against the lesson's scenario.
// TODO(#13): the action and check sections can move to files of their own, as the scenario's did.
#include "lessonparser.h"

#include "emulator/scenario.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace idex::lessons {

namespace {

const QRegularExpression &placeholderPattern()
{
    static const QRegularExpression re(QStringLiteral("\\{([^{}]*)\\}"));
    return re;
}

const QRegularExpression &placeholderForm()
{
    static const QRegularExpression re(QStringLiteral(
        "^(tenant|issuerV1|issuerV2|identity:[^.{}]+\\.(clientId|principalId)|app:[^.{}]+\\.(appId|uri|objectId))$"));
    return re;
}

QString lineOf(const QByteArray &json, int offset)
{
    return QString::number(json.left(offset).count('\n') + 1);
}

/*! One JSON object and its field path; the first error wins and names the path. */
class Fields
{
public:
    Fields(const QJsonObject &object, QString path, QString *error)
        : m_object(object)
        , m_path(std::move(path))
        , m_error(error)
    { }

    QString path(const QString &key) const { return m_path.isEmpty() ? key : m_path + u'.' + key; }
    bool failed() const { return !m_error->isEmpty(); }
    void fail(const QString &key, const QString &reason) const
    {
        if (m_error->isEmpty())
            *m_error = path(key) + QStringLiteral(": ") + reason;
    }
    bool has(const QString &key) const { return m_object.contains(key); }
    void allowOnly(const QStringList &keys) const
    {
        for (auto it = m_object.begin(); it != m_object.end(); ++it)
            if (!keys.contains(it.key()) && !it.key().startsWith(u'_'))
                fail(it.key().left(60), QStringLiteral("unknown field (allowed: %1)").arg(keys.join(u',')));
    }
    QString text(const QString &key, bool required, bool placeholders = false) const
    {
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined() || v.isNull()) {
            if (required)
                fail(key, QStringLiteral("is required"));
            return {};
        }
        if (!v.isString()) {
            fail(key, QStringLiteral("must be a string"));
            return {};
        }
        const QString s = v.toString();
        if (required && s.trimmed().isEmpty())
            fail(key, QStringLiteral("must not be empty"));
        if (s.size() > kMaxTextLength)
            fail(key, QStringLiteral("is longer than %1 characters").arg(kMaxTextLength));
        if (placeholders)
            if (const QString problem = placeholderProblem(s); !problem.isEmpty())
                fail(key, problem);
        return s;
    }
    bool boolean(const QString &key, bool fallback) const
    {
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined())
            return fallback;
        if (!v.isBool())
            fail(key, QStringLiteral("must be true or false"));
        return v.toBool(fallback);
    }
    int integer(const QString &key, bool required, int low, int high) const
    {
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined()) {
            if (required)
                fail(key, QStringLiteral("is required"));
            return 0;
        }
        const double d = v.toDouble();
        if (!v.isDouble() || d != double(qint64(d)) || d < low || d > high) {
            fail(key, QStringLiteral("must be a whole number from %1 to %2").arg(low).arg(high));
            return 0;
        }
        return int(d);
    }
    QStringList texts(const QString &key) const
    {
        const QJsonValue v = m_object.value(key);
        QStringList out;
        if (v.isUndefined())
            return out;
        if (!v.isArray()) {
            fail(key, QStringLiteral("must be an array of strings"));
            return out;
        }
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (!a.at(i).isString() || a.at(i).toString().size() > kMaxTextLength) {
                fail(QStringLiteral("%1[%2]").arg(key).arg(i),
                    QStringLiteral("must be a string of at most %1 characters").arg(kMaxTextLength));
                return out;
            }
            out << a.at(i).toString();
        }
        return out;
    }
    Fields object(const QString &key) const
    {
        const QJsonValue v = m_object.value(key);
        if (!v.isObject())
            fail(key, QStringLiteral("must be an object"));
        return Fields(v.toObject(), path(key), m_error);
    }
    template<typename F> void objects(const QString &key, bool required, int max, F each) const
    {
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined()) {
            if (required)
                fail(key, QStringLiteral("is required"));
            return;
        }
        if (!v.isArray()) {
            fail(key, QStringLiteral("must be an array"));
            return;
        }
        const QJsonArray a = v.toArray();
        if (required && a.isEmpty())
            fail(key, QStringLiteral("must not be empty"));
        if (a.size() > max)
            fail(key, QStringLiteral("has %1 entries; at most %2").arg(a.size()).arg(max));
        for (qsizetype i = 0; i < a.size() && !failed(); ++i) {
            const QString item = QStringLiteral("%1[%2]").arg(key).arg(i);
            if (!a.at(i).isObject()) {
                fail(item, QStringLiteral("must be an object"));
                return;
            }
            each(Fields(a.at(i).toObject(), path(item), m_error));
        }
    }

private:
    QJsonObject m_object;
    QString m_path;
    QString *m_error;
};

LessonAction readAction(const Fields &f)
{
    LessonAction a;
    const QString kind = f.text(QStringLiteral("kind"), true);
    if (!f.failed() && !LessonAction::kindFromName(kind, &a.kind))
        f.fail(QStringLiteral("kind"),
            QStringLiteral("unknown action '%1' (get-token, call, assign-role, remove-assignment, flush-cache, "
                           "set-identity, app-role, reload-directory, set-clock-skew, clear-faults)")
                .arg(kind.left(60)));
    using K = LessonAction::Kind;
    QStringList allowed { QStringLiteral("kind") };
    switch (a.kind) {
    case K::GetToken:
        allowed << QStringLiteral("identity") << QStringLiteral("resource");
        a.identity = f.text(QStringLiteral("identity"), true);
        a.resource = f.text(QStringLiteral("resource"), true, true);
        break;
    case K::Call:
        allowed << QStringLiteral("path");
        a.path = f.text(QStringLiteral("path"), true, true);
        if (!a.path.startsWith(QLatin1String("/api/")) && !a.path.startsWith(QLatin1String("/v1.0/")))
            f.fail(QStringLiteral("path"), QStringLiteral("a protected function (/api/...) or Graph (/v1.0/...)"));
        // The path is appended to the emulator's URL: no way out of /api or /v1.0 (dot segments, other hosts).
        else if (a.path.contains(QLatin1String("/../")) || a.path.endsWith(QLatin1String("/.."))
            || a.path.contains(QLatin1String("\\")) || a.path.contains(u'@')
            || std::any_of(a.path.begin(), a.path.end(), [](QChar c) { return c.isSpace() || c < u' '; }))
            f.fail(QStringLiteral("path"),
                QStringLiteral("no '..' segments, backslashes, '@', spaces or control characters"));
        break;
    case K::AssignRole:
    case K::RemoveAssignment:
        allowed << QStringLiteral("identity") << QStringLiteral("application") << QStringLiteral("role")
                << QStringLiteral("as");
        a.identity = f.text(QStringLiteral("identity"), true);
        a.application = f.text(QStringLiteral("application"), true);
        a.role = f.text(QStringLiteral("role"), true);
        a.as = f.text(QStringLiteral("as"), false);
        break;
    case K::SetIdentity:
        allowed << QStringLiteral("identity") << QStringLiteral("enabled");
        a.identity = f.text(QStringLiteral("identity"), true);
        if (!f.has(QStringLiteral("enabled")))
            f.fail(QStringLiteral("enabled"), QStringLiteral("is required"));
        a.enabled = f.boolean(QStringLiteral("enabled"), true);
        break;
    case K::AppRole:
        allowed << QStringLiteral("application") << QStringLiteral("role") << QStringLiteral("change")
                << QStringLiteral("as") << QStringLiteral("allowedMemberTypes") << QStringLiteral("displayName")
                << QStringLiteral("description");
        a.application = f.text(QStringLiteral("application"), true);
        a.role = f.text(QStringLiteral("role"), true);
        if (a.role.contains(u' '))
            f.fail(QStringLiteral("role"), QStringLiteral("an app role value cannot contain spaces"));
        a.change = f.text(QStringLiteral("change"), true);
        if (!f.failed()
            && !QStringList { QStringLiteral("add"), QStringLiteral("disable"), QStringLiteral("enable"),
                QStringLiteral("remove") }
                    .contains(a.change))
            f.fail(QStringLiteral("change"), QStringLiteral("must be add, disable, enable or remove"));
        a.as = f.text(QStringLiteral("as"), false);
        if (f.has(QStringLiteral("allowedMemberTypes"))) {
            a.allowedMemberTypes = f.texts(QStringLiteral("allowedMemberTypes"));
            for (const QString &t : std::as_const(a.allowedMemberTypes))
                if (t != QLatin1String("Application") && t != QLatin1String("User"))
                    f.fail(QStringLiteral("allowedMemberTypes"), QStringLiteral("entries are Application or User"));
            if (a.allowedMemberTypes.isEmpty())
                f.fail(QStringLiteral("allowedMemberTypes"), QStringLiteral("must not be empty"));
        }
        a.displayName = f.text(QStringLiteral("displayName"), false);
        a.description = f.text(QStringLiteral("description"), false);
        break;
    case K::ReloadDirectory:
        allowed << QStringLiteral("as");
        a.as = f.text(QStringLiteral("as"), false);
        break;
    case K::SetClockSkew:
        allowed << QStringLiteral("seconds");
        a.seconds = f.integer(QStringLiteral("seconds"), true, -86400, 86400);
        break;
    case K::FlushCache:
    case K::ClearFaults: break;
    }
    f.allowOnly(allowed);
    return a;
}

LessonCheck readCheck(const Fields &f)
{
    LessonCheck c;
    const QString kind = f.text(QStringLiteral("kind"), true);
    if (!f.failed() && !LessonCheck::kindFromName(kind, &c.kind))
        f.fail(QStringLiteral("kind"),
            QStringLiteral("unknown check '%1' (token-role, token-audience, token-claim, token-failure, call-status, "
                           "finding, assignment, token-cache)")
                .arg(kind.left(60)));
    using K = LessonCheck::Kind;
    QStringList allowed { QStringLiteral("kind") };
    switch (c.kind) {
    case K::TokenRole:
        allowed << QStringLiteral("role") << QStringLiteral("present");
        c.role = f.text(QStringLiteral("role"), true);
        c.present = f.boolean(QStringLiteral("present"), true);
        break;
    case K::TokenAudience:
        allowed << QStringLiteral("value");
        c.value = f.text(QStringLiteral("value"), true, true);
        break;
    case K::TokenClaim:
        allowed << QStringLiteral("claim") << QStringLiteral("value");
        c.claim = f.text(QStringLiteral("claim"), true);
        c.value = f.text(QStringLiteral("value"), true, true);
        break;
    case K::TokenFailure:
    case K::Finding:
        allowed << QStringLiteral("code");
        c.code = f.text(QStringLiteral("code"), true);
        break;
    case K::CallStatus:
        allowed << QStringLiteral("status") << QStringLiteral("finding");
        c.status = f.integer(QStringLiteral("status"), true, 100, 599);
        c.code = f.text(QStringLiteral("finding"), false);
        break;
    case K::Assignment:
        allowed << QStringLiteral("identity") << QStringLiteral("application") << QStringLiteral("role")
                << QStringLiteral("exists");
        c.identity = f.text(QStringLiteral("identity"), true);
        c.application = f.text(QStringLiteral("application"), true);
        c.role = f.text(QStringLiteral("role"), true);
        c.present = f.boolean(QStringLiteral("exists"), true);
        break;
    case K::TokenCache:
        allowed << QStringLiteral("state");
        c.state = f.text(QStringLiteral("state"), true);
        if (!f.failed()
            && !QStringList { QStringLiteral("new"), QStringLiteral("endpoint-cache"), QStringLiteral("first") }
                    .contains(c.state))
            f.fail(QStringLiteral("state"), QStringLiteral("must be new, endpoint-cache or first"));
        break;
    }
    f.allowOnly(allowed);
    return c;
}

} // namespace

QString placeholderProblem(const QString &text)
{
    if (text.count(u'{') != text.count(u'}'))
        return QStringLiteral("unbalanced { } in a placeholder");
    auto it = placeholderPattern().globalMatch(text);
    while (it.hasNext()) {
        const QString inner = it.next().captured(1);
        if (!placeholderForm().match(inner).hasMatch())
            return QStringLiteral("unknown placeholder {%1} (use {tenant}, {issuerV1}, {issuerV2}, "
                                  "{identity:NAME.clientId|principalId}, {app:NAME.appId|uri|objectId})")
                .arg(inner.left(60));
    }
    return {};
}

bool parseLesson(const QByteArray &json, const QString &source, Lesson *out, QString *error)
{
    if (json.size() > kMaxLessonFileBytes) {
        *error = QStringLiteral("%1: larger than %2 bytes").arg(source).arg(kMaxLessonFileBytes);
        return false;
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError) {
        *error = QStringLiteral("%1:%2: %3").arg(source, lineOf(json, pe.offset), pe.errorString());
        return false;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("%1:1: a lesson is a JSON object").arg(source);
        return false;
    }
    QString fieldError;
    const Fields root(doc.object(), QString(), &fieldError);
    root.allowOnly({ QStringLiteral("format"), QStringLiteral("name"), QStringLiteral("title"), QStringLiteral("story"),
        QStringLiteral("scenario"), QStringLiteral("outcome"), QStringLiteral("steps") });
    if (root.has(QStringLiteral("format")) && root.integer(QStringLiteral("format"), false, 1, 1) != 1)
        root.fail(QStringLiteral("format"), QStringLiteral("this version reads format 1"));
    Lesson lesson;
    lesson.source = source;
    lesson.name = root.text(QStringLiteral("name"), true);
    static const QRegularExpression nameForm(QStringLiteral("^[a-z0-9][a-z0-9-]{0,63}$"));
    if (!root.failed() && !nameForm.match(lesson.name).hasMatch())
        root.fail(QStringLiteral("name"), QStringLiteral("lower-case letters, digits and '-', at most 64"));
    lesson.title = root.text(QStringLiteral("title"), true);
    lesson.story = root.text(QStringLiteral("story"), true);
    lesson.scenario = root.text(QStringLiteral("scenario"), true);
    lesson.outcome = root.text(QStringLiteral("outcome"), true);
    root.objects(QStringLiteral("steps"), true, kMaxSteps, [&](const Fields &f) {
        f.allowOnly({ QStringLiteral("title"), QStringLiteral("do"), QStringLiteral("action"),
            QStringLiteral("pointer"), QStringLiteral("expect"), QStringLiteral("teaches"), QStringLiteral("portal"),
            QStringLiteral("commands") });
        LessonStep step;
        step.title = f.text(QStringLiteral("title"), true);
        step.instruction = f.text(QStringLiteral("do"), true);
        if (f.has(QStringLiteral("action")))
            step.action = readAction(f.object(QStringLiteral("action")));
        if (f.has(QStringLiteral("pointer"))) {
            const Fields p = f.object(QStringLiteral("pointer"));
            p.allowOnly({ QStringLiteral("panel"), QStringLiteral("control") });
            LessonPointer pointer { p.text(QStringLiteral("panel"), true), p.text(QStringLiteral("control"), true) };
            if (!f.failed()
                && !QStringList { QStringLiteral("token"), QStringLiteral("claims"), QStringLiteral("call"),
                    QStringLiteral("directory"), QStringLiteral("emulator") }
                        .contains(pointer.panel))
                p.fail(QStringLiteral("panel"), QStringLiteral("must be token, claims, call, directory or emulator"));
            step.pointer = pointer;
        }
        if (!step.action && !step.pointer)
            f.fail(QStringLiteral("action"), QStringLiteral("a step needs an action, a pointer, or both"));
        f.objects(
            QStringLiteral("expect"), false, kMaxChecksPerStep, [&](const Fields &c) { step.checks << readCheck(c); });
        step.teaches = f.text(QStringLiteral("teaches"), true);
        step.portal = f.text(QStringLiteral("portal"), false);
        step.commands = f.texts(QStringLiteral("commands"));
        lesson.steps << step;
    });
    if (!fieldError.isEmpty()) {
        *error = source + QStringLiteral(": ") + fieldError;
        return false;
    }
    *out = lesson;
    return true;
}

bool validateNames(const Lesson &lesson, const emulator::Scenario &scenario, QString *error)
{
    const auto identityKnown = [&](const QString &name) { return scenario.identityByName(name) != nullptr; };
    const auto appKnown = [&](const QString &name) {
        return scenario.applicationByName(name) != nullptr
            || std::any_of(scenario.servicePrincipals.begin(), scenario.servicePrincipals.end(),
                [&](const emulator::ServicePrincipal &sp) { return sp.displayName == name; });
    };
    const auto placeholdersKnown = [&](const QString &text, QString *why) {
        auto it = placeholderPattern().globalMatch(text);
        while (it.hasNext()) {
            const QString inner = it.next().captured(1);
            const int colon = int(inner.indexOf(u':')), dot = int(inner.lastIndexOf(u'.'));
            if (colon < 0)
                continue;
            const QString name = inner.mid(colon + 1, dot - colon - 1);
            if (inner.startsWith(QLatin1String("identity:")) && !identityKnown(name))
                *why = QStringLiteral("{%1}: no identity named '%2' in scenario %3").arg(inner, name, scenario.name);
            else if (inner.startsWith(QLatin1String("app:")) && !scenario.applicationByName(name))
                *why = QStringLiteral("{%1}: no application named '%2' in scenario %3").arg(inner, name, scenario.name);
            if (!why->isEmpty())
                return false;
        }
        return true;
    };
    for (qsizetype i = 0; i < lesson.steps.size(); ++i) {
        const LessonStep &step = lesson.steps.at(i);
        const QString at = QStringLiteral("%1: steps[%2]").arg(lesson.source).arg(i);
        QString why;
        if (step.action) {
            const LessonAction &a = *step.action;
            if (!a.identity.isEmpty() && !identityKnown(a.identity))
                why = QStringLiteral("action.identity: no identity named '%1' in scenario %2")
                          .arg(a.identity, scenario.name);
            else if (!a.as.isEmpty() && !identityKnown(a.as))
                why = QStringLiteral("action.as: no identity named '%1' in scenario %2").arg(a.as, scenario.name);
            else if (!a.application.isEmpty() && !appKnown(a.application))
                why = QStringLiteral("action.application: no application or service principal named '%1' in "
                                     "scenario %2")
                          .arg(a.application, scenario.name);
            else if (a.kind == LessonAction::Kind::AppRole && !scenario.applicationByName(a.application))
                why = QStringLiteral("action.application: app roles are edited on an app registration; '%1' is none")
                          .arg(a.application);
            else if (!placeholdersKnown(a.resource + a.path, &why))
                why = QStringLiteral("action: ") + why;
        }
        for (qsizetype c = 0; why.isEmpty() && c < step.checks.size(); ++c) {
            const LessonCheck &check = step.checks.at(c);
            const QString here = QStringLiteral("expect[%1].").arg(c);
            if (!check.identity.isEmpty() && !identityKnown(check.identity))
                why = here
                    + QStringLiteral("identity: no identity named '%1' in scenario %2")
                          .arg(check.identity, scenario.name);
            else if (!check.application.isEmpty() && !appKnown(check.application))
                why = here
                    + QStringLiteral("application: no application named '%1' in scenario %2")
                          .arg(check.application, scenario.name);
            else if (!placeholdersKnown(check.value, &why))
                why = here + QStringLiteral("value: ") + why;
        }
        if (!why.isEmpty()) {
            *error = at + u'.' + why;
            return false;
        }
    }
    return true;
}

QStringList builtInLessonNames()
{
    return { QStringLiteral("from-scratch"), QStringLiteral("missing-assignment"), QStringLiteral("wrong-audience"),
        QStringLiteral("stale-token"), QStringLiteral("issuer-mismatch"), QStringLiteral("expired-token"),
        QStringLiteral("identity-not-found"), QStringLiteral("no-service-principal"),
        QStringLiteral("wrong-user-assigned"), QStringLiteral("caller-not-allowed"),
        QStringLiteral("reader-no-graph") };
}

bool loadLesson(const QString &nameOrPath, Lesson *lesson, QString *error, emulator::Scenario *scenarioOut)
{
    const bool builtIn = builtInLessonNames().contains(nameOrPath);
    const QString path = builtIn ? QStringLiteral(":/lessons/%1.json").arg(nameOrPath) : nameOrPath;
    QFile file(path);
    if (!builtIn && !QFileInfo(path).isFile()) {
        *error = QStringLiteral("%1: no such lesson file, and no built-in lesson of that name (idex lesson list)")
                     .arg(nameOrPath);
        return false;
    }
    if (file.size() > kMaxLessonFileBytes) {
        *error = QStringLiteral("%1: larger than %2 bytes").arg(path).arg(kMaxLessonFileBytes);
        return false;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    Lesson parsed;
    if (!parseLesson(file.read(kMaxLessonFileBytes + 1), path, &parsed, error))
        return false;
    // A trainer's lesson names a built-in scenario or a scenario file beside it.
    QString scenarioRef = parsed.scenario;
    if (!emulator::builtInScenarioNames().contains(scenarioRef)) {
        if (builtIn) {
            *error = QStringLiteral("%1: scenario: no built-in scenario '%2'").arg(path, scenarioRef);
            return false;
        }
        scenarioRef = QFileInfo(path).dir().filePath(parsed.scenario);
        if (!QFileInfo(scenarioRef).isFile()) {
            *error = QStringLiteral("%1: scenario: '%2' is neither a built-in scenario (%3) nor a file beside the "
                                    "lesson")
                         .arg(path, parsed.scenario, emulator::builtInScenarioNames().join(QStringLiteral(", ")));
            return false;
        }
    }
    emulator::Scenario scenario;
    QString scenarioError;
    if (!emulator::loadScenario(scenarioRef, &scenario, &scenarioError)) {
        *error = QStringLiteral("%1: scenario: %2").arg(path, scenarioError);
        return false;
    }
    if (!validateNames(parsed, scenario, error))
        return false;
    parsed.scenario = scenarioRef;
    *lesson = parsed;
    if (scenarioOut)
        *scenarioOut = scenario;
    return true;
}

} // namespace idex::lessons
