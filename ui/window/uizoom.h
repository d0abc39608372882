#pragma once

#include <QFont>
#include <QObject>

class QWidget;

namespace idex::ui {

/*! The zoom of the whole window (View > Zoom, Presenter mode). Qt fixes the device pixel ratio at start-up
    (QT_SCALE_FACTOR), so zooming at run time scales what Qt measures instead: the style's metrics (ScalingStyle:
    icons, indicators, scroll bars, margins), the application font and every widget that set a font of its own
    (fixed-width editors, titles), from the size it had at 100%. Layouts follow the metrics.
    Presenter mode is a zoom of 150% or 200% that also covers every widget marked as showing a secret
    (markSecret()) with a SecretVeil, so a projected screen never shows a token. */
class UiZoom : public QObject
{
    Q_OBJECT
public:
    explicit UiZoom(QWidget *window);

    static constexpr qreal kMinimum = 0.7;
    static constexpr qreal kMaximum = 3.0;

    qreal factor() const { return m_factor; }
    void setFactor(qreal factor);
    void zoomIn();
    void zoomOut();
    void reset();

    /*! 0 ends presenter mode (back to 100%); 1.5 or 2 starts it at that zoom. */
    void setPresenter(qreal factor);
    bool isPresenter() const { return m_presenter; }

    /*! Marks \a widget as showing a secret (a raw token, a pasted header): veiled in presenter mode. */
    static void markSecret(QWidget *widget);
    static bool isSecret(const QWidget *widget);
    /*! Whether \a widget is covered by its veil now. */
    static bool isVeiled(const QWidget *widget);

Q_SIGNALS:
    void changed(qreal factor, bool presenter);

private:
    void apply();
    void applyStyle();
    void applySecrets();

    QWidget *m_window;
    QFont m_baseFont; ///< the application font at 100%
    QString m_baseStyle; ///< the platform's style, what ScalingStyle wraps
    qreal m_factor = 1.0;
    bool m_presenter = false;
};

} // namespace idex::ui
