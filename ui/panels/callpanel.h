#pragma once

#include <QWidget>

namespace idex::ui {

class Workspace;

/*! Call a protected API with the token and see why it answers as it does. */
class CallPanel : public QWidget
{
    Q_OBJECT
public:
    explicit CallPanel(Workspace &workspace, QWidget *parent = nullptr);

private:
    Workspace &m_workspace;
};

} // namespace idex::ui
