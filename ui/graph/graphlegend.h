#pragma once

#include <QWidget>

namespace idex::ui {

/*! The key to colours, shapes and edge styles, drawn with the scene's own style table. */
class GraphLegend : public QWidget
{
    Q_OBJECT
public:
    explicit GraphLegend(QWidget *parent = nullptr);
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
};

} // namespace idex::ui
