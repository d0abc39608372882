#include "scenariosummary.h"

#include <QHash>

namespace idex::emulator {

QString expectedOutcomeText(const Walkthrough &walkthrough)
{
    const QString status = walkthrough.expected.trimmed();
    if (status.isEmpty())
        return {};
    // "none": the scenario fails before any call, at the token request (identity off, no service principal).
    if (status == QLatin1String("none"))
        return QStringLiteral("No token: the managed identity endpoint refuses the request");
    static const QHash<QString, QString> reasons { { QStringLiteral("200"), QStringLiteral("OK") },
        { QStringLiteral("401"), QStringLiteral("Unauthorized") },
        { QStringLiteral("403"), QStringLiteral("Forbidden") } };
    const QString reason = reasons.value(status);
    const QString call = walkthrough.functionPath.isEmpty() ? QStringLiteral("The call")
                                                            : QStringLiteral("GET %1").arg(walkthrough.functionPath);
    return reason.isEmpty() ? QStringLiteral("%1 answers %2").arg(call, status)
                            : QStringLiteral("%1 answers %2 %3").arg(call, status, reason);
}

ScenarioSummary builtInScenarioSummary(const QString &name)
{
    ScenarioSummary summary;
    summary.name = name;
    Scenario scenario;
    QString error;
    if (!loadScenario(name, &scenario, &error)) {
        summary.description = QStringLiteral("(does not load: %1)").arg(error);
        return summary;
    }
    summary.description = scenario.description;
    summary.expected = expectedOutcomeText(scenario.walkthrough);
    summary.explanation = scenario.walkthrough.explanation;
    return summary;
}

} // namespace idex::emulator
