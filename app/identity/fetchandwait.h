#pragma once

#include "tokenfailure.h"
#include "tokenrequest.h"
#include "tokenresult.h"

#include <optional>

namespace idex {

class TokenSource;

/*! The end of one TokenSource run: a token, or the failure that explains why there is none. */
struct FetchOutcome
{
    std::optional<TokenResult> token;
    TokenFailure failure;
};

/*! Runs \a source to completion on a local event loop. For the command line and tests, never the GUI thread. */
FetchOutcome fetchAndWait(TokenSource &source, const TokenRequest &request);

} // namespace idex
