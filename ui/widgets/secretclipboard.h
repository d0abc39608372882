#pragma once

#include <QString>

class QMimeData;

namespace idex::ui {

/*! The clipboard content for a secret: the text, plus the hints clipboard histories honour so that they neither keep
    nor sync it. All of them on every platform (each is an unknown, harmless format elsewhere):
    - `x-kde-passwordManagerHint: secret` (Klipper, CopyQ and others on Linux);
    - `application/x-nspasteboard-concealed-type`, Qt's name on macOS for `org.nspasteboard.ConcealedType`;
    - Windows: `ExcludeClipboardContentFromMonitorProcessing`, and `CanIncludeInClipboardHistory` /
      `CanUploadToCloudClipboard` set to 0 (clipboard history, cloud clipboard). The caller owns the result. */
QMimeData *secretMimeData(const QString &text);

/*! Puts \a text on the clipboard as a secret (secretMimeData). Every "copy the raw token" action goes through here. */
void copySecretToClipboard(const QString &text);

} // namespace idex::ui
