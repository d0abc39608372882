#pragma once
// Layering guard (see ../README.md). idex_core is GUI-free: Qt Gui and Qt Widgets belong in ui/.
#ifndef IDEX_ALLOW_GUI
#error "idex_core is GUI-free: a Qt Gui/Widgets header was included from app/. Move this code to ui/."
#else
#include_next <QtWidgets/qtwidgetsglobal.h>
#endif
