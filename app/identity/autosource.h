#pragma once

#include "environmentdetector.h"
#include "net/httpclient.h"
#include "sourceconfig.h"
#include "tokensource.h"

#include <QPointer>

namespace idex {

/*! Detects the source from the environment (detectEnvironment) when a token is asked for, then runs that source.
    Nothing is sent before start(): in particular IMDS is contacted only when Auto resolved to it and the user asked. */
class AutoSource : public TokenSource
{
    Q_OBJECT
public:
    AutoSource(HttpClient &http, SourceConfig config, QObject *parent = nullptr);

    QString id() const override { return QStringLiteral("auto"); }
    QString displayName() const override;
    QUrl endpoint() const override;
    QString refusal(const IdentitySelector &identity) const override;

    /*! What Auto would pick now, and why (reads the environment; sends nothing). */
    EnvironmentDetection detection() const;

protected:
    void begin(const TokenRequest &request) override;
    void abort() override;
    Transcript transcriptSoFar() const override;

private:
    TokenSource *resolve() const;

    HttpClient &m_http;
    SourceConfig m_config;
    QPointer<TokenSource> m_inner;
};

} // namespace idex
