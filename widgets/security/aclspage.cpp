#include "widgets/security/aclspage.h"

#include "widgets/common/errorlabel.h"
#include "widgets/common/readonlytable.h"
#include "widgets/security/acldialogs.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace kafkalab {

AclsPage::AclsPage(QWidget* parent)
    : QWidget(parent)
{
    m_status = new QLabel(tr("Not connected."), this);
    m_status->setObjectName(QStringLiteral("aclStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sections = new QTabWidget(this);
    m_sections->addTab(buildAclSection(), tr("ACLs"));
    m_sections->addTab(buildAccessSection(), tr("Effective access"));
    m_sections->addTab(buildUsersSection(), tr("SCRAM users"));
    auto* refresh = new QPushButton(tr("Re&fresh"), this);
    connect(refresh, &QPushButton::clicked, this, &AclsPage::refresh);
    auto* top = new QHBoxLayout;
    top->addWidget(m_status, 1);
    top->addWidget(refresh);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_sections, 1);
    m_sections->setEnabled(false);
}

AclsPage::~AclsPage() = default;

QWidget* AclsPage::buildAclSection()
{
    auto* w = new QWidget(this);
    m_filterType = new QComboBox(w);
    m_filterType->addItem(tr("any type"), QString());
    for (const QString& t : aclResourceTypeWords())
        m_filterType->addItem(t, t);
    m_filterResource = new QLineEdit(w);
    m_filterResource->setPlaceholderText(tr("resource name"));
    m_filterPattern = new QComboBox(w);
    for (const char* p : { "any", "literal", "prefixed", "match" })
        m_filterPattern->addItem(QString::fromLatin1(p));
    m_filterPattern->setToolTip(tr("match: every ACL that applies to the resource name (literal, * and prefixed)"));
    m_filterPrincipal = new QLineEdit(w);
    m_filterPrincipal->setPlaceholderText(QStringLiteral("User:alice"));
    m_filterOperation = new QComboBox(w);
    m_filterOperation->addItem(tr("any operation"), QString());
    for (const QString& o : aclOperationWords())
        m_filterOperation->addItem(o, o);
    auto* apply = new QPushButton(tr("F&ilter"), w);
    connect(apply, &QPushButton::clicked, this, &AclsPage::listAcls);
    connect(m_filterPrincipal, &QLineEdit::returnPressed, this, &AclsPage::listAcls);
    connect(m_filterResource, &QLineEdit::returnPressed, this, &AclsPage::listAcls);
    m_filterError = makeErrorLabel(w);
    m_filterError->setObjectName(QStringLiteral("filterError"));
    auto* filters = new QHBoxLayout;
    filters->addWidget(m_filterType);
    filters->addWidget(m_filterResource, 1);
    filters->addWidget(m_filterPattern);
    filters->addWidget(m_filterPrincipal, 1);
    filters->addWidget(m_filterOperation);
    filters->addWidget(apply);

    m_acls = makeReadOnlyTable(
        { tr("Permission"), tr("Principal"), tr("Operation"), tr("Type"), tr("Resource"), tr("Pattern"), tr("Host") },
        w);
    m_acls->setObjectName(QStringLiteral("acls")); // the window's layout memory finds tables by name
    m_acls->setSelectionMode(QAbstractItemView::ExtendedSelection);
    auto* create = new QPushButton(tr("Create…"), w);
    connect(create, &QPushButton::clicked, this, &AclsPage::createAcls);
    m_delete = new QPushButton(tr("&Delete…"), w);
    m_delete->setEnabled(false);
    connect(m_delete, &QPushButton::clicked, this, &AclsPage::deleteSelected);
    connect(m_acls, &QTableWidget::itemSelectionChanged, this,
        [this] { m_delete->setEnabled(!m_acls->selectionModel()->selectedRows().isEmpty()); });
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(create);
    buttons->addWidget(m_delete);
    buttons->addStretch(1);

    auto* l = new QVBoxLayout(w);
    l->addLayout(filters);
    l->addWidget(m_filterError);
    l->addWidget(m_acls, 1);
    l->addLayout(buttons);
    return w;
}

QWidget* AclsPage::buildUsersSection()
{
    auto* w = new QWidget(this);
    m_users = makeReadOnlyTable({ tr("User"), tr("Mechanism"), tr("Iterations") }, w);
    m_users->setObjectName(QStringLiteral("scramUsers"));
    auto* create = new QPushButton(tr("Create user…"), w);
    connect(create, &QPushButton::clicked, this, [this] { editUser({}); });
    auto* change = new QPushButton(tr("Change pass&word…"), w);
    auto* remove = new QPushButton(tr("&Delete…"), w);
    change->setEnabled(false);
    remove->setEnabled(false);
    connect(m_users, &QTableWidget::itemSelectionChanged, this, [this, change, remove] {
        const bool one = m_users->selectionModel()->selectedRows().size() == 1;
        change->setEnabled(one);
        remove->setEnabled(one);
    });
    connect(change, &QPushButton::clicked, this, [this] {
        const int row = m_users->currentRow();
        if (row >= 0)
            editUser(m_users->item(row, 0)->text());
    });
    connect(remove, &QPushButton::clicked, this, &AclsPage::deleteUser);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(create);
    buttons->addWidget(change);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    auto* l = new QVBoxLayout(w);
    l->addWidget(m_users, 1);
    l->addLayout(buttons);
    return w;
}

void AclsPage::setConnection(const QList<ClientProperty>& connection, const QStringList& superUsers)
{
    m_admin.reset(); // retires the old cluster's worker; its answers are dropped
    m_loaded = false;
    m_listed.clear();
    m_acls->setRowCount(0);
    m_users->setRowCount(0);
    m_access->setRowCount(0);
    m_superUsers = superUsers;
    m_accessSuperUsers->setText(superUsers.join(QLatin1Char(';')));
    m_sections->setEnabled(!connection.isEmpty());
    if (connection.isEmpty()) {
        m_status->setText(tr("Not connected."));
        return;
    }
    m_admin = std::make_unique<AclAdmin>(connection);
    bindAdmin();
    m_status->setText(tr("Connected; the ACLs are read when this tab is shown."));
    if (isVisible())
        refresh();
}

void AclsPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_admin && !m_loaded)
        refresh();
}

void AclsPage::refresh()
{
    if (!m_admin)
        return;
    m_loaded = true;
    listAcls();
    m_admin->listUsers();
}

void AclsPage::bindAdmin()
{
    AclAdmin* a = m_admin.get();
    connect(a, &AclAdmin::aclsListed, this, &AclsPage::showAcls);
    connect(a, &AclAdmin::aclsCreated, this, [this](const AclChangeResult& r) {
        if (!r.error.isEmpty()) {
            showError(r.error);
            return;
        }
        m_status->setText(tr("Created %n ACL(s).", nullptr, int(r.bindings.size())));
        listAcls();
    });
    connect(a, &AclAdmin::aclsDeleted, this, [this](const AclChangeResult& r) {
        if (!r.error.isEmpty()) {
            showError(r.error);
            return;
        }
        QStringList lines;
        for (const AclBinding& b : r.bindings)
            lines << aclBindingText(b);
        m_status->setText(tr("Deleted %n ACL(s).", nullptr, int(r.bindings.size())));
        m_status->setToolTip(lines.join(QLatin1Char('\n')));
        listAcls();
    });
    connect(a, &AclAdmin::usersListed, this, &AclsPage::showUsers);
    connect(a, &AclAdmin::userChanged, this, [this](const QString& user, const SecurityError& e) {
        if (!e.isEmpty()) {
            QMessageBox::warning(this, tr("SCRAM user"), tr("%1: %2").arg(user, e.message));
            return;
        }
        m_status->setText(tr("User %1 changed.").arg(user));
        m_admin->listUsers();
    });
    connect(a, &AclAdmin::accessReady, this, &AclsPage::fillAccess);
}

void AclsPage::listAcls()
{
    if (!m_admin)
        return;
    AclInput in;
    in.resourceType = m_filterType->currentData().toString();
    in.resource = m_filterResource->text().trimmed();
    in.pattern = m_filterPattern->currentText();
    in.principal = m_filterPrincipal->text().trimmed();
    in.operations = m_filterOperation->currentData().toString();
    AclInputError error;
    const std::optional<AclFilter> filter = aclFilterFrom(in, &error);
    m_filterError->setText(filter ? QString() : error.message);
    m_filterError->setVisible(!filter);
    if (filter)
        m_admin->listAcls(*filter);
}

void AclsPage::showError(const SecurityError& e)
{
    if (e.securityDisabled) {
        // Said plainly, in place of tables that would only look empty.
        m_status->setText(tr("This cluster has no authorizer (authorizer.class.name is not set): it keeps no ACLs "
                             "and lets every client do everything. Connect to a secured cluster (for example the "
                             "sandbox with security sasl_ssl) to manage ACLs."));
        m_acls->setRowCount(0);
        m_sections->widget(0)->setEnabled(false);
        m_sections->widget(1)->setEnabled(false);
        return;
    }
    m_status->setText(tr("The cluster refused: %1").arg(e.message));
}

void AclsPage::showAcls(const AclListResult& r)
{
    if (!r.error.isEmpty()) {
        showError(r.error);
        return;
    }
    m_sections->widget(0)->setEnabled(true);
    m_sections->widget(1)->setEnabled(true);
    m_listed = r.acls;
    m_acls->setRowCount(int(r.acls.size()));
    for (int row = 0; row < r.acls.size(); ++row) {
        const AclBinding& b = r.acls[row];
        const QStringList cells { aclPermissionName(b.permission), b.principal, aclOperationName(b.operation),
            aclResourceTypeName(b.resourceType), b.resourceName, aclPatternTypeName(b.patternType), b.host };
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            item->setToolTip(aclBindingText(b));
            m_acls->setItem(row, c, item);
        }
    }
    m_acls->resizeColumnsToContents();
    m_status->setText(tr("%n ACL(s) match the filter.", nullptr, int(r.acls.size())));
}

void AclsPage::createAcls()
{
    auto* dialog = new AclCreateDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (m_admin && !dialog->bindings().isEmpty())
            m_admin->createAcls(dialog->bindings());
    });
    dialog->open();
}

void AclsPage::deleteSelected()
{
    QList<AclBinding> chosen;
    for (const QModelIndex& i : m_acls->selectionModel()->selectedRows())
        if (i.row() < m_listed.size())
            chosen.append(m_listed[i.row()]);
    if (chosen.isEmpty() || !m_admin)
        return;
    QStringList lines;
    for (const AclBinding& b : chosen)
        lines << aclBindingText(b);
    auto* box = new QMessageBox(QMessageBox::Question, tr("Delete ACLs"),
        tr("Delete these %n ACL(s)?", nullptr, int(chosen.size())), QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("deleteAclsBox"));
    box->setInformativeText(lines.join(QLatin1Char('\n')));
    box->button(QMessageBox::Yes)->setText(tr("Delete"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, chosen] {
        if (box->clickedButton() != box->button(QMessageBox::Yes))
            return;
        // Each binding as an exact filter: nothing else can match it.
        for (const AclBinding& b : chosen)
            if (m_admin)
                m_admin->deleteAcls(AclFilter::exactly(b));
    });
    box->open();
}

void AclsPage::showUsers(const UserListResult& r)
{
    if (!r.error.isEmpty()) {
        m_status->setText(tr("SCRAM users could not be read: %1").arg(r.error.message));
        return;
    }
    int rows = 0;
    for (const ScramUser& u : r.users)
        rows += int(u.credentials.size());
    m_users->setRowCount(rows);
    int row = 0;
    for (const ScramUser& u : r.users)
        for (const ScramCredential& c : u.credentials) {
            m_users->setItem(row, 0, new QTableWidgetItem(u.name));
            m_users->setItem(row, 1, new QTableWidgetItem(scramMechanismName(c.mechanism)));
            m_users->setItem(row, 2, new QTableWidgetItem(QString::number(c.iterations)));
            ++row;
        }
    m_users->resizeColumnsToContents();
}

void AclsPage::editUser(const QString& user)
{
    auto* dialog = new ScramUserDialog(user, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!user.isEmpty() && m_users->currentRow() >= 0)
        dialog->mechanismBox()->setCurrentText(m_users->item(m_users->currentRow(), 1)->text());
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (m_admin)
            m_admin->upsertUser(dialog->user(), dialog->mechanism(), dialog->iterations(), dialog->password());
    });
    dialog->open();
}

void AclsPage::deleteUser()
{
    const int row = m_users->currentRow();
    if (row < 0 || !m_admin)
        return;
    const QString user = m_users->item(row, 0)->text();
    const QString mechanism = m_users->item(row, 1)->text();
    auto* box = new QMessageBox(QMessageBox::Question, tr("Delete SCRAM credential"),
        tr("Delete %1's %2 credential? A client using it can no longer log in with it.").arg(user, mechanism),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, user, mechanism] {
        if (box->clickedButton() == box->button(QMessageBox::Yes) && m_admin)
            m_admin->deleteUser(user, scramMechanismFrom(mechanism).value_or(ScramMechanism::Sha256));
    });
    box->open();
}

} // namespace kafkalab
