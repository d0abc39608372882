#pragma once

#include <QHash>
#include <QString>

namespace idex {

class Directory;

/*! What people call a directory object: its display name, its App ID URI when it has one, and its IDs. */
struct ObjectName
{
    QString name; ///< "aad-func"
    QString uri; ///< "api://aad-func" (applications and their service principals), empty otherwise
    QString id; ///< the GUID shown shortened after the name (the appId for apps, the object id otherwise)
};

/*! Names over GUIDs: finds the name of any GUID or App ID URI the directory (or the emulator's scenario) knows, for
    findings, transcript notes and details. Lookups ignore case, trailing slashes and "/.default". GUI-free: the
    panels and idex render through it. */
class ObjectNames
{
public:
    /*! Every application, service principal (managed identities included) and app role of \a directory. */
    static ObjectNames of(const Directory &directory);

    /*! Registers \a name under \a key (a GUID or a URI). A key known already keeps its first name. */
    void add(const QString &key, const ObjectName &name);
    bool isEmpty() const { return m_names.isEmpty(); }

    /*! The object \a value names; null when unknown. */
    const ObjectName *find(const QString &value) const;
    /*! "aad-func (api://aad-func, 3f2a8c1d…)" for a known GUID or URI; \a value itself when unknown. */
    QString describe(const QString &value) const;
    /*! \a text with each known GUID written as "name (3f2a8c1d…)"; unknown GUIDs and everything else unchanged. */
    QString annotate(const QString &text) const;

    /*! "3f2a8c1d…": the first block of a GUID, enough to tell objects apart on screen. */
    static QString shortGuid(const QString &guid);

private:
    static QString key(const QString &value);
    QHash<QString, ObjectName> m_names;
};

} // namespace idex
