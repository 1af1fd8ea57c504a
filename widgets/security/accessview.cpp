// The ACLs tab's effective-access section: pick a principal (and the client's host, and the cluster's super users,
// which brokers do not tell), see each topic and group against each operation, the deciding ACL in the tooltip.
#include "widgets/common/errorlabel.h"
#include "widgets/common/readonlytable.h"
#include "widgets/security/aclspage.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace kafkalab {

QWidget* AclsPage::buildAccessSection()
{
    auto* w = new QWidget(this);
    m_accessPrincipal = new QLineEdit(w);
    m_accessPrincipal->setPlaceholderText(QStringLiteral("User:alice"));
    m_accessHost = new QLineEdit(QStringLiteral("*"), w);
    m_accessHost->setToolTip(tr("The client's IP address; * counts only the ACLs that apply to every host"));
    m_accessSuperUsers = new QLineEdit(w);
    m_accessSuperUsers->setToolTip(tr("The cluster's super.users (User:a;User:b). Brokers do not tell their clients; "
                                      "kafkalab's sandbox has User:kafkalab."));
    m_accessAllowEveryone = new QCheckBox(tr("allow.everyone.if.no.acl.found=true"), w);
    m_accessAllowEveryone->setToolTip(tr("Kafka's default and the sandbox's: false. Brokers do not tell."));
    m_accessError = makeErrorLabel(w);
    m_accessError->setObjectName(QStringLiteral("accessError"));
    m_showAccess = new QPushButton(tr("Sho&w access"), w);
    connect(m_showAccess, &QPushButton::clicked, this, &AclsPage::showAccess);
    connect(m_accessPrincipal, &QLineEdit::returnPressed, this, &AclsPage::showAccess);
    auto* principal = new QWidget(w);
    auto* pl = new QVBoxLayout(principal);
    pl->setContentsMargins(0, 0, 0, 0);
    pl->addWidget(m_accessPrincipal);
    pl->addWidget(m_accessError);
    auto* form = new QFormLayout;
    form->addRow(tr("Pr&incipal"), principal);
    form->addRow(tr("Clie&nt host"), m_accessHost);
    form->addRow(tr("Super users"), m_accessSuperUsers);
    form->addRow(QString(), m_accessAllowEveryone);
    auto* row = new QHBoxLayout;
    row->addLayout(form, 1);
    row->addWidget(m_showAccess, 0, Qt::AlignTop);
    m_accessNote = new QLabel(w);
    m_accessNote->setWordWrap(true);
    QStringList headers { tr("Resource") };
    for (AclOperation op : accessOperations(AclResourceType::Topic))
        headers << aclOperationName(op);
    m_access = makeReadOnlyTable(headers, w);
    m_access->setObjectName(QStringLiteral("access"));
    auto* l = new QVBoxLayout(w);
    l->addLayout(row);
    l->addWidget(m_accessNote);
    l->addWidget(m_access, 1);
    return w;
}

void AclsPage::showAccess()
{
    if (!m_admin)
        return;
    const QString principal = m_accessPrincipal->text().trimmed();
    QString error = principalError(principal);
    const QString host
        = m_accessHost->text().trimmed().isEmpty() ? QStringLiteral("*") : m_accessHost->text().trimmed();
    if (error.isEmpty())
        if (const QString e = hostError(host); !e.isEmpty())
            error = tr("host: %1").arg(e);
    AccessContext assumed;
    for (const QString& u : m_accessSuperUsers->text().split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        if (error.isEmpty())
            if (const QString e = principalError(u.trimmed()); !e.isEmpty())
                error = tr("super users: %1").arg(e);
        assumed.superUsers << u.trimmed();
    }
    assumed.allowEveryoneIfNoAclFound = m_accessAllowEveryone->isChecked();
    m_accessError->setText(error);
    m_accessError->setVisible(!error.isEmpty());
    if (!error.isEmpty())
        return;
    m_showAccess->setEnabled(false);
    m_accessNote->setText(tr("Reading the ACLs, topics and groups…"));
    m_admin->effectiveAccess(principal, host, assumed);
}

void AclsPage::fillAccess(const EffectiveAccessResult& r)
{
    m_showAccess->setEnabled(true);
    if (!r.error.isEmpty()) {
        m_accessNote->clear();
        showError(r.error);
        return;
    }
    m_accessNote->setText(
        tr("%1 from %2 by the broker's rules: super users may do everything; a DENY that applies wins; literal, "
           "prefixed and * patterns; User:*; Read/Write/Delete/Alter imply Describe, AlterConfigs implies "
           "DescribeConfigs; no ACL: denied%3. Hover a cell for the ACL that decides.")
            .arg(r.context.principal, r.context.host,
                r.context.allowEveryoneIfNoAclFound ? tr(" unless the resource has no ACL at all") : QString()));
    const QList<AclOperation> columns = accessOperations(AclResourceType::Topic);
    m_access->setRowCount(int(r.resources.size()));
    for (int row = 0; row < r.resources.size(); ++row) {
        const ResourceAccess& res = r.resources[row];
        m_access->setItem(
            row, 0, new QTableWidgetItem(QStringLiteral("%1 %2").arg(aclResourceTypeName(res.type), res.name)));
        for (int c = 0; c < columns.size(); ++c) {
            auto* item = new QTableWidgetItem(QStringLiteral("—"));
            item->setToolTip(tr("not an operation on a %1").arg(aclResourceTypeName(res.type).toLower()));
            for (const AccessDecision& d : res.decisions)
                if (d.operation == columns[c]) {
                    item->setText(d.allowed ? tr("allowed") : tr("denied"));
                    item->setForeground(d.allowed ? QColor(0x2e, 0x7d, 0x32) : QColor(0xc6, 0x28, 0x28));
                    item->setToolTip(d.explanation());
                }
            m_access->setItem(row, c + 1, item);
        }
    }
    m_access->resizeColumnsToContents();
}

} // namespace kafkalab
