#pragma once

#include "graph/directoryscene.h"

namespace idex {
class DirectoryGraph;
struct TokenPath;
} // namespace idex

namespace idex::ui {

/*! What of \a graph to draw as \a path: the principal, the assignments it holds, the roles and the API; when the
    path breaks, the missing link from the principal to the role (or API) it lacks. */
PathHighlight tokenPathHighlight(const DirectoryGraph &graph, const TokenPath &path);

} // namespace idex::ui
