#pragma once

#include "sourceconfig.h"
#include "tokensource.h"

namespace idex {

/*! A token the user pasted or opened from a file (SourceConfig::pastedToken): no request is sent. A leading
    "Bearer " is dropped. Not decoded here (sources never decode): the Claims panel does that. */
class PastedTokenSource : public TokenSource
{
    Q_OBJECT
public:
    explicit PastedTokenSource(SourceConfig config, QObject *parent = nullptr);

    QString id() const override { return QStringLiteral("pasted"); }
    QString displayName() const override { return QStringLiteral("Pasted or opened token"); }
    bool needsResource() const override { return false; }

    /*! The token without whitespace and "Bearer "; empty and \a problem when it cannot be a token. */
    static QString normalize(const QString &text, QString *problem);

protected:
    void begin(const TokenRequest &request) override;
    void abort() override { }

private:
    SourceConfig m_config;
};

} // namespace idex
