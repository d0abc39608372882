#include "sceneimage.h"

#include "graph/directoryscene.h"

#include <QImage>
#include <QPainter>
#include <QSvgGenerator>

#include <algorithm>

namespace idex::ui {

bool exportSceneImage(DirectoryScene &scene, const QString &description, const QString &path, QString *error)
{
    const QRectF source = scene.graph().bounds.adjusted(-60, -90, 60, 60);
    // Large graphs are exported at a size an image viewer can open; the scene picks its level of detail from it.
    const qreal scale = std::min<qreal>(1.0, 8000.0 / std::max(source.width(), source.height()));
    const QSize size(std::max(1, int(source.width() * scale)), std::max(1, int(source.height() * scale)));
    if (path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(QStringLiteral("Identity Explorer directory"));
        svg.setDescription(description);
        QPainter painter;
        if (!painter.begin(&svg)) {
            if (error)
                *error = QStringLiteral("cannot write %1").arg(path);
            return false;
        }
        scene.render(&painter, QRectF(QPointF(0, 0), size), source);
        painter.end();
        return true;
    }
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    scene.render(&painter, QRectF(QPointF(0, 0), size), source);
    painter.end();
    if (!image.save(path)) {
        if (error)
            *error = QStringLiteral("cannot write %1").arg(path);
        return false;
    }
    return true;
}

} // namespace idex::ui
