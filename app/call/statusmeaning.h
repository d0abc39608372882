#pragma once

#include <QString>

namespace idex {

/*! The standard reason phrase ("Unauthorized"); "Unknown status" for codes outside the registry. */
QString statusReasonPhrase(int status);

/*! What the status means for someone calling a protected API, in one plain sentence. */
QString statusMeaning(int status);

} // namespace idex
