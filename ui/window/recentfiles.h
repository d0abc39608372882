#pragma once

#include <QObject>
#include <QStringList>

namespace idex::ui {

/*! File > Recent files: the paths of token files and directory snapshots opened lately, newest first, kept in
    QSettings. Only paths go there, never what the files hold (a token file's content is a secret). */
class RecentFiles : public QObject
{
    Q_OBJECT
public:
    enum class Kind { Token, Snapshot };
    struct Entry
    {
        Kind kind = Kind::Token;
        QString path;
    };

    static constexpr int kMaximum = 8;

    explicit RecentFiles(QObject *parent = nullptr);

    QList<Entry> entries() const { return m_entries; }
    /*! Puts \a path first (an absolute path; anything that is not one, a pasted token for one, is refused). */
    bool add(Kind kind, const QString &path);
    void clear();

Q_SIGNALS:
    void changed();

private:
    void save() const;

    QList<Entry> m_entries;
};

} // namespace idex::ui
