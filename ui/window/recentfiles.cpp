#include "recentfiles.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace idex::ui {

namespace {
const char *const kKey = "recentFiles"; // ["token:/path", "snapshot:/path"]
const QString kTokenPrefix = QStringLiteral("token:");
const QString kSnapshotPrefix = QStringLiteral("snapshot:");
} // namespace

RecentFiles::RecentFiles(QObject *parent)
    : QObject(parent)
{
    const QStringList saved = QSettings().value(QLatin1String(kKey)).toStringList();
    for (const QString &line : saved) {
        Entry entry;
        if (line.startsWith(kTokenPrefix)) {
            entry = { Kind::Token, line.mid(kTokenPrefix.size()) };
        } else if (line.startsWith(kSnapshotPrefix)) {
            entry = { Kind::Snapshot, line.mid(kSnapshotPrefix.size()) };
        } else {
            continue;
        }
        if (QDir::isAbsolutePath(entry.path) && m_entries.size() < kMaximum)
            m_entries.append(entry);
    }
}

bool RecentFiles::add(Kind kind, const QString &path)
{
    // A file path only: a line break or a path that is not absolute is not one (and could be a pasted token).
    if (path.isEmpty() || !QDir::isAbsolutePath(path) || path.contains(u'\n'))
        return false;
    const QString clean = QDir::cleanPath(path);
    m_entries.removeIf([&](const Entry &entry) { return entry.kind == kind && entry.path == clean; });
    m_entries.prepend({ kind, clean });
    while (m_entries.size() > kMaximum)
        m_entries.removeLast();
    save();
    Q_EMIT changed();
    return true;
}

void RecentFiles::clear()
{
    m_entries.clear();
    save();
    Q_EMIT changed();
}

void RecentFiles::save() const
{
    QStringList lines;
    for (const Entry &entry : m_entries)
        lines.append((entry.kind == Kind::Token ? kTokenPrefix : kSnapshotPrefix) + entry.path);
    QSettings().setValue(QLatin1String(kKey), lines);
}

} // namespace idex::ui
