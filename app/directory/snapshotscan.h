#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace idex::snapshot {

/*! Where each member of a snapshot's top-level object lies in the file, and each element of its four arrays, found
    by one pass over the bytes that follows strings, escapes and brackets but judges nothing inside them: every slice
    is then parsed by QJsonDocument on its own (the objects in parallel, none of them copied into one document of
    three times the file's size). It accepts only the plain shape a snapshot has; anything else (another top level,
    a byte order mark, a duplicate key, nesting near QJsonDocument's limit, any syntax error) makes scan() return
    false, and the caller then parses the whole file with QJsonDocument, which says what is wrong. */
struct Slice
{
    qsizetype begin = 0;
    qsizetype end = 0; ///< one past the last byte
};

struct ScannedMember
{
    QString name; ///< the key as JSON reads it
    Slice key; ///< the key with its quotes
    Slice value;
    bool isArray = false; ///< one of the four arrays, its elements in \a elements
    QList<Slice> elements;
};

struct ScannedSnapshot
{
    QList<ScannedMember> members;
};

/*! True when \a data has the plain top-level shape; \a arrayNames are the members whose elements are sliced. */
bool scan(const QByteArray &data, const QList<QByteArray> &arrayNames, ScannedSnapshot &out);

} // namespace idex::snapshot
