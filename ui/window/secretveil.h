#pragma once

#include <QWidget>

namespace idex::ui {

/*! What presenter mode shows over a widget that holds a secret (UiZoom::markSecret()): an opaque cover of the
    widget's whole rectangle, painted from nothing of the secret (grey bars where text would be and a caption), so
    no pixel of a token reaches the projector. A child of the secret widget that follows its size: it scrolls with it
    and is repainted with it like any opaque widget. It replaces a QGraphicsBlurEffect, which inside the window's
    scroll areas drew its source from the wrong place (other parts of the window showed through the blur, stale after
    a scroll). Mouse and keyboard reach the widget underneath: a trainer can still paste a token into it. */
class SecretVeil : public QWidget
{
    Q_OBJECT
public:
    explicit SecretVeil(QWidget *secret);

    /*! The veil over \a secret, or nullptr. */
    static SecretVeil *of(const QWidget *secret);

protected:
    void paintEvent(QPaintEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;
};

} // namespace idex::ui
