#pragma once

#include <QLayout>
#include <QList>

namespace idex::ui {

/*! A row of controls that wraps onto more rows when the room is narrower than the row (presenter mode at 1280x720,
    a dock beside another): nothing is pushed out of sight and nothing scrolls sideways. Qt has no such layout. Its
    preferred size is one row; its minimum, its widest item. An item whose horizontal size policy can expand (a search
    box) takes what is left of its row; items are centred in the height of their row. */
class FlowLayout : public QLayout
{
    Q_OBJECT
public:
    explicit FlowLayout(QWidget *parent = nullptr);
    ~FlowLayout() override;

    void addItem(QLayoutItem *item) override;
    int count() const override { return int(m_items.size()); }
    QLayoutItem *itemAt(int index) const override { return m_items.value(index); }
    QLayoutItem *takeAt(int index) override;
    Qt::Orientations expandingDirections() const override { return {}; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize minimumSize() const override;
    QSize sizeHint() const override;
    void setGeometry(const QRect &rect) override;

private:
    /*! Places the items in \a rect (only measures when \a apply is false); returns the height used. */
    int arrange(const QRect &rect, bool apply) const;
    int horizontalGap() const;
    int verticalGap() const;

    QList<QLayoutItem *> m_items;
};

} // namespace idex::ui
