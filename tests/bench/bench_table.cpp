// The last step of `make bench`: reads the rows the benchmarks appended (benchrow.h, one JSON object a line), prints
// them as one Markdown table (figure, limit or peer measured in the same run, ratio, target, met) and writes the same
// as JSON, with the machine they were measured on.
//   bench_table ROWS.jsonl [--json OUT.json]
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QThread>

#include <cstdio>

namespace {

QString number(double value, const QString &unit)
{
    const QLocale english(QLocale::English);
    if (unit.startsWith(QLatin1String("ms")) && value < 100)
        return english.toString(value, 'f', 1);
    return english.toString(qRound64(value));
}

QString firstLineOf(const QString &path, const QString &prefix)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n');
    for (const QString &line : lines) {
        if (line.startsWith(prefix))
            return line.section(u':', 1).trimmed();
    }
    return {};
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("rows"), QStringLiteral("The rows file (JSON lines)."));
    parser.addOption(
        { QStringLiteral("json"), QStringLiteral("Also write the table as JSON to FILE."), QStringLiteral("FILE") });
    parser.process(app);
    QFile in(parser.positionalArguments().value(0));
    if (!in.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "bench_table: cannot read the rows file\n");
        return 2;
    }
    QJsonArray rows;
    const QList<QByteArray> lines = in.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (!line.trimmed().isEmpty())
            rows.append(QJsonDocument::fromJson(line).object());
    }

    QString table = QStringLiteral(
        "| path | figure | limit or peer, same run | ratio | target | met |\n|---|---|---|---|---|---|\n");
    int unmet = 0;
    for (const QJsonValue &value : std::as_const(rows)) {
        const QJsonObject row = value.toObject();
        const QString unit = row.value(QLatin1String("unit")).toString();
        const QString peer = row.value(QLatin1String("peer")).toString();
        const QString peerText = peer.isEmpty()
            ? QStringLiteral("-")
            : QStringLiteral("%1 %2 (%3)")
                  .arg(number(row.value(QLatin1String("peerValue")).toDouble(), unit), unit, peer);
        const QString ratio = row.contains(QLatin1String("ratio"))
            ? QString::number(row.value(QLatin1String("ratio")).toDouble(), 'f', 3)
            : QStringLiteral("-");
        QString met = QStringLiteral("-");
        if (row.contains(QLatin1String("met"))) {
            met = row.value(QLatin1String("met")).toBool() ? QStringLiteral("yes") : QStringLiteral("**no**");
            unmet += row.value(QLatin1String("met")).toBool() ? 0 : 1;
        }
        const QString target = row.value(QLatin1String("target")).toString();
        table += QStringLiteral("| %1 | %2 %3 | %4 | %5 | %6 | %7 |\n")
                     .arg(row.value(QLatin1String("path")).toString(),
                         number(row.value(QLatin1String("value")).toDouble(), unit), unit, peerText, ratio,
                         target.isEmpty() ? QStringLiteral("-") : target, met);
    }
    std::printf("%s", qPrintable(table));
    std::printf("%d row(s), %d target(s) not met\n", int(rows.size()), unmet);

    if (parser.isSet(QStringLiteral("json"))) {
        QJsonObject machine { { QStringLiteral("cpu"),
                                  firstLineOf(QStringLiteral("/proc/cpuinfo"), QStringLiteral("model name")) },
            { QStringLiteral("cores"), QThread::idealThreadCount() } };
        QFile loadavg(QStringLiteral("/proc/loadavg"));
        if (loadavg.open(QIODevice::ReadOnly))
            machine.insert(QStringLiteral("loadAverage"), QString::fromLatin1(loadavg.readAll()).section(u' ', 0, 2));
        const QJsonObject document { { QStringLiteral("measuredAt"),
                                         QDateTime::currentDateTimeUtc().toString(Qt::ISODate) },
            { QStringLiteral("machine"), machine }, { QStringLiteral("rows"), rows } };
        QFile out(parser.value(QStringLiteral("json")));
        if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(document).toJson()) < 0) {
            std::fprintf(stderr, "bench_table: cannot write %s\n", qPrintable(out.fileName()));
            return 1;
        }
        std::printf("written to %s\n", qPrintable(out.fileName()));
    }
    return 0;
}
