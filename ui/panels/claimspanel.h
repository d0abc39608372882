#pragma once

#include <QWidget>

namespace idex::ui {

class Workspace;

/*! Decode, verify and explain the current token, offline. */
class ClaimsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ClaimsPanel(Workspace &workspace, QWidget *parent = nullptr);

private:
    Workspace &m_workspace;
};

} // namespace idex::ui
