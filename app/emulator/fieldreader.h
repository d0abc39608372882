#pragma once
// Internal to the scenario parser (scenarioparser.cpp): reads one JSON object and remembers the field path, so that
// every error names where it is ("identities[2].clientId: 'x' is not a GUID") the same way for every section.
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStringList>

namespace idex::emulator {

inline const QRegularExpression &guidPattern()
{
    static const QRegularExpression re(
        QStringLiteral("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"));
    return re;
}

/*! Reads one JSON object and remembers the field path, so that every error names where it is. */
class FieldReader
{
public:
    FieldReader(const QJsonObject &object, QString path, QString *error)
        : m_object(object)
        , m_path(std::move(path))
        , m_error(error)
    { }

    bool failed() const { return !m_error->isEmpty(); }
    QString path(const QString &key) const { return m_path.isEmpty() ? key : m_path + u'.' + key; }
    void fail(const QString &key, const QString &reason) const
    {
        if (m_error->isEmpty())
            *m_error = path(key) + QStringLiteral(": ") + reason;
    }

    QString string(const QString &key, bool required = false, const QString &fallback = {}) const
    {
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined() || v.isNull()) {
            if (required)
                fail(key, QStringLiteral("is required"));
            return fallback;
        }
        if (!v.isString()) {
            fail(key, QStringLiteral("must be a string"));
            return fallback;
        }
        if (required && v.toString().isEmpty())
            fail(key, QStringLiteral("must not be empty"));
        return v.toString();
    }
    QString guid(const QString &key, bool required = true) const
    {
        const QString s = string(key, required);
        if (!s.isEmpty() && !guidPattern().match(s).hasMatch())
            fail(key, QStringLiteral("'%1' is not a GUID").arg(s));
        return s.toLower();
    }
    QStringList strings(const QString &key) const
    {
        QStringList list;
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined() || v.isNull())
            return list;
        if (!v.isArray()) {
            fail(key, QStringLiteral("must be an array of strings"));
            return list;
        }
        const QJsonArray array = v.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!array.at(i).isString()) {
                fail(QStringLiteral("%1[%2]").arg(key).arg(i), QStringLiteral("must be a string"));
                return list;
            }
            list << array.at(i).toString();
        }
        return list;
    }
    double number(const QString &key, double fallback, double min, double max) const
    {
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined() || v.isNull())
            return fallback;
        if (!v.isDouble()) {
            fail(key, QStringLiteral("must be a number"));
            return fallback;
        }
        const double d = v.toDouble();
        if (d < min || d > max) {
            fail(key, QStringLiteral("must be between %1 and %2").arg(min).arg(max));
            return fallback; // callers convert to int: 1e300 would be undefined behaviour (found by fuzz_scenario)
        }
        return d;
    }
    bool boolean(const QString &key, bool fallback) const
    {
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined() || v.isNull())
            return fallback;
        if (!v.isBool()) {
            fail(key, QStringLiteral("must be true or false"));
            return fallback;
        }
        return v.toBool();
    }
    /*! Calls \a each with a FieldReader for every object of the array \a key. */
    template<typename F> void objects(const QString &key, F each) const
    {
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined() || v.isNull())
            return;
        if (!v.isArray()) {
            fail(key, QStringLiteral("must be an array"));
            return;
        }
        const QJsonArray array = v.toArray();
        for (qsizetype i = 0; i < array.size() && !failed(); ++i) {
            const QString itemPath = path(QStringLiteral("%1[%2]").arg(key).arg(i));
            if (!array.at(i).isObject()) {
                *m_error = itemPath + QStringLiteral(": must be an object");
                return;
            }
            each(FieldReader(array.at(i).toObject(), itemPath, m_error));
        }
    }
    FieldReader child(const QString &key) const
    {
        return FieldReader(m_object.value(key).toObject(), path(key), m_error);
    }
    bool has(const QString &key) const { return m_object.contains(key); }
    /*! Unknown keys are errors: a typo must not silently fall back to a default. */
    void allowOnly(const QStringList &keys) const
    {
        for (auto it = m_object.begin(); it != m_object.end(); ++it) {
            if (!keys.contains(it.key()) && !it.key().startsWith(u'_')) {
                fail(it.key(),
                    QStringLiteral("unknown field (allowed: %1; fields starting with '_' are comments)")
                        .arg(keys.join(QStringLiteral(", "))));
                return;
            }
        }
    }

private:
    QJsonObject m_object;
    QString m_path;
    QString *m_error;
};

} // namespace idex::emulator
