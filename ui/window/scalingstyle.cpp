#include "scalingstyle.h"

#include <QStyleFactory>

#include <cmath>

namespace idex::ui {

ScalingStyle::ScalingStyle(const QString &baseStyle, qreal factor)
    : QProxyStyle(QStyleFactory::create(baseStyle))
    , m_factor(factor)
{ }

int ScalingStyle::scaled(int value) const
{
    // Negative answers mean "ask layoutSpacing()" or "none": they stay as they are.
    return value > 0 ? int(std::lround(value * m_factor)) : value;
}

int ScalingStyle::pixelMetric(PixelMetric metric, const QStyleOption *option, const QWidget *widget) const
{
    const int base = QProxyStyle::pixelMetric(metric, option, widget);
    switch (metric) {
    // Hairlines stay hairlines: a 2 px frame drawn 4 px wide looks broken, not bigger.
    case PM_DefaultFrameWidth:
    case PM_SpinBoxFrameWidth:
    case PM_ComboBoxFrameWidth:
    case PM_MenuPanelWidth:
    case PM_MenuBarPanelWidth:
    case PM_ToolTipLabelFrameWidth:
    case PM_DockWidgetFrameWidth:
    case PM_MdiSubWindowFrameWidth:
    case PM_TabBarBaseOverlap:
    case PM_TabBarBaseHeight:
    case PM_FocusFrameVMargin:
    case PM_FocusFrameHMargin:
    case PM_ButtonDefaultIndicator:
    case PM_ButtonShiftHorizontal:
    case PM_ButtonShiftVertical:
    case PM_TabBarTabShiftHorizontal:
    case PM_TabBarTabShiftVertical: return base;
    default: return scaled(base);
    }
}

int ScalingStyle::layoutSpacing(QSizePolicy::ControlType control1, QSizePolicy::ControlType control2,
    Qt::Orientation orientation, const QStyleOption *option, const QWidget *widget) const
{
    return scaled(QProxyStyle::layoutSpacing(control1, control2, orientation, option, widget));
}

} // namespace idex::ui
