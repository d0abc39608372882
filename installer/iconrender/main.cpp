// idex-iconrender: renders the application SVG icon at build time into the icon files the packages need, so that
// packaging needs nothing beyond the Qt the project already builds with (no rsvg-convert, no ImageMagick).
// A build tool, never installed.
//
//   idex-iconrender <input.svg> <output-pattern.png> <size>...   one PNG per size; "%1" in the pattern is the size
//                                                                 (e.g. "hicolor/%1x%1/apps/name.png"); without
//                                                                 "%1", give one size
//   idex-iconrender <input.svg> <output.ico> <size>...           one Windows icon holding every size (<= 256)
// Folders are created as needed.
#include <QBuffer>
#include <QDataStream>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QList>
#include <QPainter>
#include <QString>
#include <QSvgRenderer>

#include <cstdio>

namespace {

QImage render(QSvgRenderer &renderer, int size)
{
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        renderer.render(&painter, QRectF(0, 0, size, size));
    } // the painter must be done before the image is handed on
    return image;
}

bool ensureFolder(const QString &file)
{
    return QDir().mkpath(QFileInfo(file).absolutePath());
}

// An ICO file whose entries are PNG images (supported since Windows Vista): a 6-byte header, one 16-byte directory
// entry per image, then the PNG data. Written by hand because Qt's ICO plugin stores a single image per file.
bool writeIco(const QString &path, const QList<QImage> &images)
{
    QList<QByteArray> pngs;
    for (const QImage &image : images) {
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        if (!image.save(&buffer, "PNG"))
            return false;
        pngs.append(png);
    }
    QFile file(path);
    if (!ensureFolder(path) || !file.open(QIODevice::WriteOnly))
        return false;
    QDataStream out(&file);
    out.setByteOrder(QDataStream::LittleEndian);
    out << quint16(0) << quint16(1) << quint16(images.size()); // reserved, type 1 = icon, count
    quint32 offset = 6 + 16 * quint32(images.size());
    for (qsizetype i = 0; i < images.size(); ++i) {
        const int size = images.at(i).width();
        const quint8 side = size >= 256 ? 0 : quint8(size); // 0 means 256
        out << side << side << quint8(0) << quint8(0); // width, height, palette size, reserved
        out << quint16(1) << quint16(32); // colour planes, bits per pixel
        out << quint32(pngs.at(i).size()) << offset;
        offset += quint32(pngs.at(i).size());
    }
    for (const QByteArray &png : pngs)
        out.writeRawData(png.constData(), int(png.size()));
    return out.status() == QDataStream::Ok && file.flush();
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s <input.svg> <output-pattern.png|output.ico> <size>...\n", argv[0]);
        return 2;
    }
    QSvgRenderer renderer(QString::fromLocal8Bit(argv[1]));
    if (!renderer.isValid()) {
        std::fprintf(stderr, "idex-iconrender: cannot read the SVG %s\n", argv[1]);
        return 1;
    }
    const QString output = QString::fromLocal8Bit(argv[2]);
    const bool ico = output.endsWith(QLatin1String(".ico"), Qt::CaseInsensitive);
    QList<QImage> images;
    for (int i = 3; i < argc; ++i) {
        bool ok = false;
        const int size = QString::fromLatin1(argv[i]).toInt(&ok);
        if (!ok || size < 8 || size > (ico ? 256 : 2048)) {
            std::fprintf(stderr, "idex-iconrender: invalid size %s (8..%d)\n", argv[i], ico ? 256 : 2048);
            return 2;
        }
        images.append(render(renderer, size));
    }
    if (ico) {
        if (!writeIco(output, images)) {
            std::fprintf(stderr, "idex-iconrender: cannot write %s\n", qPrintable(output));
            return 1;
        }
        return 0;
    }
    for (const QImage &image : images) {
        const QString file = output.contains(QLatin1String("%1")) ? output.arg(image.width()) : output;
        if (!ensureFolder(file) || !image.save(file, "PNG")) {
            std::fprintf(stderr, "idex-iconrender: cannot write %s\n", qPrintable(file));
            return 1;
        }
    }
    return 0;
}
