#include "uizoom.h"

#include "window/scalingstyle.h"
#include "window/secretveil.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QLayout>
#include <QStyleFactory>
#include <QWidget>

#include <algorithm>
#include <cmath>

namespace idex::ui {

namespace {
const char *const kSecretProperty = "idexSecret";
// A widget's own font size at 100%, remembered the first time a zoom touches it.
const char *const kBasePointSize = "idexBasePointSize";
const char *const kBasePixelSize = "idexBasePixelSize";
// An item view's own icon size at 100% (one that set none follows the style's scaled metric).
const char *const kBaseIconSize = "idexBaseIconSize";

/*! The name of the style under any ScalingStyle: what 100% looks like. */
QString platformStyleName()
{
    const QStyle *style = QApplication::style();
    if (const auto *scaling = qobject_cast<const ScalingStyle *>(style))
        style = scaling->baseStyle();
    return style->name();
}
constexpr qreal kStep = 1.15;

void invalidateNested(QLayout *layout)
{
    layout->invalidate();
    for (int i = 0; i < layout->count(); ++i) {
        if (QLayout *nested = layout->itemAt(i)->layout())
            invalidateNested(nested);
    }
}
} // namespace

UiZoom::UiZoom(QWidget *window)
    : QObject(window)
    , m_window(window)
    , m_baseFont(QApplication::font())
    , m_baseStyle(platformStyleName())
{ }

void UiZoom::markSecret(QWidget *widget)
{
    widget->setProperty(kSecretProperty, true);
}

bool UiZoom::isSecret(const QWidget *widget)
{
    return widget->property(kSecretProperty).toBool();
}

void UiZoom::setFactor(qreal factor)
{
    factor = std::clamp(factor, kMinimum, kMaximum);
    if (std::abs(factor - m_factor) < 0.001)
        return;
    m_factor = factor;
    apply();
    Q_EMIT changed(m_factor, m_presenter);
}

void UiZoom::zoomIn()
{
    setFactor(m_factor * kStep);
}

void UiZoom::zoomOut()
{
    setFactor(m_factor / kStep);
}

void UiZoom::reset()
{
    setFactor(1.0);
}

void UiZoom::setPresenter(qreal factor)
{
    const bool presenter = factor > 0;
    const bool changedMode = presenter != m_presenter;
    m_presenter = presenter;
    applySecrets();
    if (changedMode && std::abs((presenter ? factor : 1.0) - m_factor) < 0.001) {
        Q_EMIT changed(m_factor, m_presenter);
        return;
    }
    setFactor(presenter ? factor : 1.0);
}

void UiZoom::applyStyle()
{
    // A new style is how Qt makes every widget measure itself again; at 100% the platform's style comes back as
    // it was, so leaving presenter mode returns exactly the metrics of before.
    const bool atBase = std::abs(m_factor - 1.0) < 0.001;
    if (atBase && !qobject_cast<ScalingStyle *>(QApplication::style()))
        return;
    QApplication::setStyle(atBase ? QStyleFactory::create(m_baseStyle) : new ScalingStyle(m_baseStyle, m_factor));
    for (QAbstractItemView *view : m_window->findChildren<QAbstractItemView *>()) {
        if (!view->property(kBaseIconSize).isValid()) {
            if (!view->iconSize().isValid())
                continue; // follows PM_SmallIconSize, which the style scales
            view->setProperty(kBaseIconSize, view->iconSize());
        }
        view->setIconSize(view->property(kBaseIconSize).toSize() * m_factor);
    }
}

void UiZoom::apply()
{
    QFont font = m_baseFont;
    if (m_baseFont.pointSizeF() > 0)
        font.setPointSizeF(m_baseFont.pointSizeF() * m_factor);
    else
        font.setPixelSize(qRound(m_baseFont.pixelSize() * m_factor));
    QApplication::setFont(font);
    // The widgets hear of the new font in posted events: deliver them now, so that what is measured from here on
    // (the style's change below) is measured with it.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::ApplicationFontChange);
    // Widgets that chose a font of their own do not follow the application font: scale them from their 100% size.
    for (QWidget *widget : QApplication::allWidgets()) {
        if (!(widget->font().resolveMask() & QFont::SizeResolved))
            continue;
        QFont own = widget->font();
        if (!widget->property(kBasePointSize).isValid() && !widget->property(kBasePixelSize).isValid()) {
            if (own.pointSizeF() > 0)
                widget->setProperty(kBasePointSize, own.pointSizeF());
            else
                widget->setProperty(kBasePixelSize, own.pixelSize());
        }
        if (const QVariant base = widget->property(kBasePointSize); base.isValid())
            own.setPointSizeF(base.toReal() * m_factor);
        else
            own.setPixelSize(qMax(1, qRound(widget->property(kBasePixelSize).toInt() * m_factor)));
        widget->setFont(own);
    }
    // The style last: a new style is what makes a combo box measure itself again (on a font change it forgets its
    // size hint but keeps its minimum size hint), so it measures with the new fonts, not with the old ones.
    applyStyle();
    // A widget under a style sheet (the result and failure cards) resolved its font when the sheet was polished and
    // does not see the new application font until the sheet is applied again.
    for (QWidget *widget : QApplication::allWidgets()) {
        if (!widget->styleSheet().isEmpty())
            widget->setStyleSheet(widget->styleSheet());
    }
    // Hidden tabs' layouts keep the minimum sizes they measured at the old zoom until asked again: ask now, so
    // leaving presenter mode gives the window back its 100% minimum. Every nested layout too: invalidate() forgets
    // only the layout's own cache, and the activation that forgets the nested ones skips hidden widgets (a tab's row
    // of buttons kept its 200% width).
    for (QWidget *widget : m_window->findChildren<QWidget *>()) {
        if (widget->layout())
            invalidateNested(widget->layout());
        widget->updateGeometry();
    }
    applySecrets();
}

void UiZoom::applySecrets()
{
    QList<QWidget *> secrets = m_window->findChildren<QWidget *>();
    secrets.removeIf([](const QWidget *widget) { return !isSecret(widget); }); // before a veil goes with the list
    for (QWidget *widget : std::as_const(secrets)) {
        SecretVeil *veil = SecretVeil::of(widget);
        if (m_presenter && !veil)
            new SecretVeil(widget);
        else if (!m_presenter && veil)
            delete veil;
    }
}

bool UiZoom::isVeiled(const QWidget *widget)
{
    return SecretVeil::of(widget) != nullptr;
}

} // namespace idex::ui
