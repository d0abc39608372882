#include "identitypicker.h"

#include <QComboBox>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace idex::ui {

IdentityPicker::IdentityPicker(QWidget *parent)
    : QWidget(parent)
    , m_kind(new QComboBox(this))
    , m_named(new QComboBox(this))
    , m_id(new QLineEdit(this))
{
    setObjectName(QStringLiteral("identityPickerBox"));
    m_kind->setObjectName(QStringLiteral("identityKindCombo"));
    m_kind->addItem(QStringLiteral("System-assigned"), int(IdentitySelector::Kind::SystemAssigned));
    m_kind->addItem(QStringLiteral("User-assigned, by client ID"), int(IdentitySelector::Kind::ClientId));
    m_kind->addItem(QStringLiteral("User-assigned, by object (principal) ID"), int(IdentitySelector::Kind::ObjectId));
    m_kind->addItem(QStringLiteral("User-assigned, by resource ID"), int(IdentitySelector::Kind::ResourceId));
    m_named->setObjectName(QStringLiteral("identityPicker"));
    m_named->setToolTip(QStringLiteral("The user-assigned identities of the emulator's scenario and of the loaded "
                                       "directory, by name: the ID of the kind chosen above is filled in"));
    m_named->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_named->setMinimumContentsLength(18);
    m_id->setObjectName(QStringLiteral("identityEdit"));
    m_id->setClearButtonEnabled(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_kind);
    // One row each: the form is narrow, and a GUID or an ARM id needs the whole width to be read.
    layout->addWidget(m_named);
    layout->addWidget(m_id);

    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        fillFromPicked(); // the same identity, now by the kind of ID chosen
        updateRows();
        Q_EMIT changed();
    });
    connect(m_named, &QComboBox::activated, this, [this] {
        fillFromPicked();
        Q_EMIT changed();
    });
    connect(m_id, &QLineEdit::textEdited, this, [this] {
        // An ID typed by hand: the name no longer says which identity it is, unless it is that one's.
        const int picked = m_named->currentData().isValid() ? m_named->currentData().toInt() : -1;
        if (picked >= 0 && picked < m_choices.size()) {
            const IdentityChoice &choice = m_choices.at(picked);
            const QString id = m_id->text().trimmed();
            if (id.compare(choice.clientId, Qt::CaseInsensitive) != 0
                && id.compare(choice.objectId, Qt::CaseInsensitive) != 0
                && id.compare(choice.resourceId, Qt::CaseInsensitive) != 0)
                m_named->setCurrentIndex(0);
        }
        Q_EMIT changed();
    });
    setChoices({});
}

IdentitySelector IdentityPicker::selector() const
{
    IdentitySelector selector;
    selector.kind = IdentitySelector::Kind(m_kind->currentData().toInt());
    if (!selector.isSystemAssigned())
        selector.value = m_id->text().trimmed();
    return selector;
}

void IdentityPicker::setChoices(const QList<IdentityChoice> &choices)
{
    const QString picked = m_named->currentData().isValid() ? m_named->currentText() : QString();
    m_choices = choices;
    const QSignalBlocker blocker(m_named);
    m_named->clear();
    m_named->addItem(choices.isEmpty() ? QStringLiteral("No known identities: type the ID")
                                       : QStringLiteral("Pick by name, or type the ID \u2192"));
    for (int i = 0; i < choices.size(); ++i) {
        m_named->addItem(choices.at(i).label(), i);
        m_named->setItemData(i + 1,
            QStringLiteral("%1 (from the %2)\nclient ID %3\nobject ID %4\n%5")
                .arg(choices.at(i).name, choices.at(i).origin, choices.at(i).clientId, choices.at(i).objectId,
                    choices.at(i).resourceId),
            Qt::ToolTipRole);
    }
    m_named->setEnabled(!choices.isEmpty());
    const int again = picked.isEmpty() ? -1 : m_named->findText(picked);
    m_named->setCurrentIndex(qMax(0, again));
    updateRows();
}

bool IdentityPicker::pick(const QString &name)
{
    for (int i = 0; i < m_choices.size(); ++i) {
        if (m_choices.at(i).name != name)
            continue;
        if (selector().isSystemAssigned())
            m_kind->setCurrentIndex(m_kind->findData(int(IdentitySelector::Kind::ClientId)));
        m_named->setCurrentIndex(i + 1);
        fillFromPicked();
        Q_EMIT changed();
        return true;
    }
    return false;
}

void IdentityPicker::fillFromPicked()
{
    const QVariant data = m_named->currentData();
    if (!data.isValid() || data.toInt() < 0 || data.toInt() >= m_choices.size())
        return;
    const IdentityChoice &choice = m_choices.at(data.toInt());
    switch (IdentitySelector::Kind(m_kind->currentData().toInt())) {
    case IdentitySelector::Kind::ClientId: m_id->setText(choice.clientId); break;
    case IdentitySelector::Kind::ObjectId: m_id->setText(choice.objectId); break;
    case IdentitySelector::Kind::ResourceId: m_id->setText(choice.resourceId); break;
    case IdentitySelector::Kind::SystemAssigned: break;
    }
}

void IdentityPicker::updateRows()
{
    const auto kind = IdentitySelector::Kind(m_kind->currentData().toInt());
    const bool user = kind != IdentitySelector::Kind::SystemAssigned;
    m_named->setVisible(user);
    m_id->setVisible(user);
    m_id->setPlaceholderText(kind == IdentitySelector::Kind::ResourceId
            ? QStringLiteral("/subscriptions/\u2026/userAssignedIdentities/name")
            : QStringLiteral("00000000-0000-0000-0000-000000000000"));
}

} // namespace idex::ui
