#pragma once

#include "net/httpclient.h"
#include "sourceconfig.h"
#include "tokensource.h"

#include <QList>
#include <QString>

namespace idex {

/*! What the pickers and `idex token --help` say about a source. */
struct SourceInfo
{
    QString id; ///< the `--source` name
    QString name;
    QString explanation; ///< where it works and what it sends
    bool needsEndpoint = false; ///< cannot work without an endpoint from the environment or the user
};

/*! Every source, in the order the pickers list them (emulator first: the default). */
const QList<SourceInfo> &sourceCatalog();
/*! The entry for \a id; an entry with an empty id when unknown. */
SourceInfo sourceInfo(const QString &id);

/*! The name the emulator gives the protocol of source \a id in Emulator::environment() ("workload" ->
    "workloadidentity", "emulator" -> "imds"); empty for sources the emulator does not serve (azcli, pasted, auto). */
QString emulatorProtocol(const QString &sourceId);

/*! An environment made of exactly \a variables (what the emulator publishes for a protocol). */
QProcessEnvironment environmentFrom(const QList<QPair<QString, QString>> &variables);

/*! A new source for \a id (nullptr when unknown), owned by \a parent. HTTP sources use \a http. */
TokenSource *createSource(const QString &id, HttpClient &http, const SourceConfig &config, QObject *parent = nullptr);

} // namespace idex
