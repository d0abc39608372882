#include "fetchandwait.h"

#include "tokensource.h"

#include <QEventLoop>

namespace idex {

FetchOutcome fetchAndWait(TokenSource &source, const TokenRequest &request)
{
    FetchOutcome outcome;
    QEventLoop loop;
    QObject::connect(&source, &TokenSource::succeeded, &loop, [&](const TokenResult &result) {
        outcome.token = result;
        loop.quit();
    });
    QObject::connect(&source, &TokenSource::failed, &loop, [&](const TokenFailure &failure) {
        outcome.failure = failure;
        loop.quit();
    });
    source.start(request);
    // A source may settle before start() returns (a refused identity, a pasted token); only wait when it has not.
    if (source.isRunning())
        loop.exec();
    return outcome;
}

} // namespace idex
