#include "secretclipboard.h"

#include <QApplication>
#include <QClipboard>
#include <QMimeData>
#include <QtEndian>

namespace idex::ui {

namespace {

QByteArray dword(quint32 value)
{
    const quint32 little = qToLittleEndian(value);
    return QByteArray(reinterpret_cast<const char *>(&little), sizeof little);
}

} // namespace

QMimeData *secretMimeData(const QString &text)
{
    auto *data = new QMimeData;
    data->setText(text);
    data->setData(QStringLiteral("x-kde-passwordManagerHint"), QByteArrayLiteral("secret"));
    data->setData(QStringLiteral("application/x-nspasteboard-concealed-type"), QByteArrayLiteral("secret"));
    data->setData(QStringLiteral("ExcludeClipboardContentFromMonitorProcessing"), dword(1));
    data->setData(QStringLiteral("CanIncludeInClipboardHistory"), dword(0));
    data->setData(QStringLiteral("CanUploadToCloudClipboard"), dword(0));
    return data;
}

void copySecretToClipboard(const QString &text)
{
    QApplication::clipboard()->setMimeData(secretMimeData(text));
}

} // namespace idex::ui
