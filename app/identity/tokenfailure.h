#pragma once

#include "net/httptypes.h"

#include <QString>

namespace idex {

/*! Why no token came back, in plain words, with the likely fix and the transcript that shows it. */
struct TokenFailure
{
    QString code; ///< stable, kebab-case: "identity-not-found", "connection-refused", "canceled" ...
    QString title; ///< one line: "The managed identity was not found"
    QString detail; ///< the evidence: what the endpoint said
    QString fix; ///< what to do about it
    QString sourceId;
    QString sourceName;
    QString endpoint;
    Transcript transcript; ///< raw in memory: redact before showing
    int attempts = 0;

    bool isCanceled() const { return code == QLatin1String("canceled"); }
    /*! "title\ndetail\nFix: fix" for the command line. */
    QString toText() const;
};

} // namespace idex
