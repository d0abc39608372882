#pragma once

#include <QProxyStyle>

namespace idex::ui {

/*! The style of the window at a zoom: Qt fixes the device pixel ratio at start-up (QT_SCALE_FACTOR), so presenter
    mode scales what the style measures instead (icon sizes, check boxes and radio buttons, scroll bars, splitter
    handles, margins and spacings, tab and header paddings) around the platform's own style. At 1.0 it answers
    exactly what that style answers. UiZoom installs a new one for every factor (QApplication::setStyle), which
    is how Qt tells every widget to measure itself again. */
class ScalingStyle : public QProxyStyle
{
    Q_OBJECT
public:
    /*! Wraps a fresh instance of the style named \a baseStyle ("fusion", ...). */
    ScalingStyle(const QString &baseStyle, qreal factor);

    qreal factor() const { return m_factor; }

    int pixelMetric(
        PixelMetric metric, const QStyleOption *option = nullptr, const QWidget *widget = nullptr) const override;
    int layoutSpacing(QSizePolicy::ControlType control1, QSizePolicy::ControlType control2, Qt::Orientation orientation,
        const QStyleOption *option = nullptr, const QWidget *widget = nullptr) const override;

private:
    int scaled(int value) const;

    qreal m_factor;
};

} // namespace idex::ui
