#pragma once

#include <QString>

namespace idex::ui {

class DirectoryScene;

/*! Writes the whole graph of \a scene to \a path, SVG (titled, \a description inside) or PNG by its suffix, at most
    8000 px a side so an image viewer opens it; false with \a error when the file cannot be written. */
bool exportSceneImage(DirectoryScene &scene, const QString &description, const QString &path, QString *error);

} // namespace idex::ui
