#pragma once
// What every benchmark of `make bench` shares: printing a figure as it is measured, timing on a shared machine, and
// appending rows of the final table (one JSON object a line) to the file named by --rows. bench_table prints the
// table and writes bench.json from those rows. A row is a figure, the limit or peer measured in the same run, the
// ratio figure / peer, and the target; the benchmarks never assert a time.
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <optional>

namespace idex::bench {

inline void print(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

/*! CPU seconds of the calling thread: a one-thread loop's rate per CPU second hardly depends on what the other
    engineers' builds do on the same two cores, its wall-clock rate does. */
inline double threadCpuSeconds()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

inline double wallSeconds()
{
    timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

/*! Runs \a once (which returns false on a failure that makes the figure meaningless) in batches for about \a seconds
    of thread CPU time, bounded by \a maxCount calls; returns calls per CPU second, or -1 on a failure. */
template<typename F> double ratePerCpuSecond(F once, double seconds, qint64 maxCount = 50'000'000)
{
    qint64 count = 0;
    const double start = threadCpuSeconds();
    double elapsed = 0;
    qint64 batch = 16;
    while (elapsed < seconds && count < maxCount) {
        for (qint64 i = 0; i < batch; ++i) {
            if (!once())
                return -1;
        }
        count += batch;
        elapsed = threadCpuSeconds() - start;
        batch = std::min<qint64>(batch * 2, 4096);
    }
    return elapsed > 0 ? double(count) / elapsed : 0;
}

/*! Calls per CPU second of two paths measured side by side: alternating batches of a few milliseconds each, for
    about \a seconds of CPU time in all, so that both meet the same neighbours on a shared machine (measured one after
    the other, their ratio swung by 20 points from run to run). Empty when a call fails. */
template<typename A, typename B> std::optional<std::pair<double, double>> interleavedRates(A a, B b, double seconds)
{
    qint64 batch = 8, countA = 0, countB = 0;
    double timeA = 0, timeB = 0;
    while (timeA + timeB < seconds) {
        double t = threadCpuSeconds();
        for (qint64 i = 0; i < batch; ++i) {
            if (!a())
                return std::nullopt;
        }
        const double batchTime = threadCpuSeconds() - t;
        timeA += batchTime;
        countA += batch;
        t = threadCpuSeconds();
        for (qint64 i = 0; i < batch; ++i) {
            if (!b())
                return std::nullopt;
        }
        timeB += threadCpuSeconds() - t;
        countB += batch;
        if (batchTime < 0.002 && batch < 1'000'000)
            batch *= 2;
    }
    return std::make_pair(countA / timeA, countB / timeB);
}

struct Row
{
    QString id; ///< stable key ("verify-vs-openssl", ...)
    QString path; ///< what is measured, in words
    double value = 0;
    QString unit; ///< "tokens/s", "ms", "MB" ...
    QString peer; ///< the limit or peer measured in the same run; empty when there is none
    double peerValue = 0;
    QString target; ///< the issue's target in words (">= 0.80", "<= 300 ms"); empty when there is none
    std::optional<bool> met; ///< whether the target is met; empty when there is none
};

inline QJsonObject toJson(const Row &row)
{
    QJsonObject o { { QStringLiteral("id"), row.id }, { QStringLiteral("path"), row.path },
        { QStringLiteral("value"), row.value }, { QStringLiteral("unit"), row.unit },
        { QStringLiteral("peer"), row.peer }, { QStringLiteral("target"), row.target } };
    if (!row.peer.isEmpty()) {
        o.insert(QStringLiteral("peerValue"), row.peerValue);
        if (row.peerValue > 0)
            o.insert(QStringLiteral("ratio"), row.value / row.peerValue);
    }
    if (row.met)
        o.insert(QStringLiteral("met"), *row.met);
    return o;
}

/*! Appends \a row to \a file (nothing when \a file is empty: a benchmark run by hand just prints). */
inline void appendRow(const QString &file, const Row &row)
{
    if (file.isEmpty())
        return;
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Append))
        return;
    out.write(QJsonDocument(toJson(row)).toJson(QJsonDocument::Compact) + '\n');
}

} // namespace idex::bench
