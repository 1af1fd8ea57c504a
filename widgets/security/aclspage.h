#pragma once

// The ACLs tab: the cluster's ACLs with filters (create with a preview, delete with a confirmation that lists the
// bindings), a principal's effective access (topics and groups × operations, the deciding ACL in each cell's
// tooltip) and the SCRAM users (create, change password, delete). Bound to an AclAdmin; nothing here waits for the
// cluster. A cluster without an authorizer says so in place of the tables.

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/security/acladmin.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTableWidget;

namespace kafkalab {

class AclsPage : public QWidget {
    Q_OBJECT
public:
    explicit AclsPage(QWidget* parent = nullptr);
    ~AclsPage() override;

    // The cluster (empty: none). `superUsers`: the cluster's super.users as kafkalab knows them (its own sandbox's),
    // since brokers do not tell; the effective-access view starts from them and lets the user change them.
    void setConnection(const QList<ClientProperty>& connection, const QStringList& superUsers = {});
    AclAdmin* admin() const { return m_admin.get(); }

    // Reads ACLs and users again (also done when the page is first shown for a cluster).
    void refresh();

    // For tests and the demo driver.
    QLabel* statusLabel() const { return m_status; }
    QTableWidget* aclTable() const { return m_acls; }
    QTableWidget* accessTable() const { return m_access; }
    QTableWidget* usersTable() const { return m_users; }
    QLineEdit* filterPrincipal() const { return m_filterPrincipal; }
    QLabel* filterError() const { return m_filterError; }
    QLineEdit* accessPrincipal() const { return m_accessPrincipal; }
    QLabel* accessError() const { return m_accessError; }
    QPushButton* showAccessButton() const { return m_showAccess; }
    QTabWidget* sections() const { return m_sections; }
    QList<AclBinding> listedAcls() const { return m_listed; }

protected:
    void showEvent(QShowEvent* event) override;

private:
    QWidget* buildAclSection();
    QWidget* buildAccessSection();
    QWidget* buildUsersSection();
    void bindAdmin();
    void listAcls();
    void showAcls(const AclListResult& r);
    void showError(const SecurityError& e);
    void createAcls();
    void deleteSelected();
    void showAccess();
    void fillAccess(const EffectiveAccessResult& r);
    void showUsers(const UserListResult& r);
    void editUser(const QString& user);
    void deleteUser();

    std::unique_ptr<AclAdmin> m_admin;
    QStringList m_superUsers;
    bool m_loaded = false;
    QList<AclBinding> m_listed;

    QLabel* m_status = nullptr; // what happened last, or why there is nothing (SECURITY_DISABLED)
    QTabWidget* m_sections = nullptr;
    // ACLs
    QComboBox* m_filterType = nullptr;
    QLineEdit* m_filterResource = nullptr;
    QComboBox* m_filterPattern = nullptr;
    QLineEdit* m_filterPrincipal = nullptr;
    QComboBox* m_filterOperation = nullptr;
    QLabel* m_filterError = nullptr;
    QTableWidget* m_acls = nullptr;
    QPushButton* m_delete = nullptr;
    // Effective access
    QLineEdit* m_accessPrincipal = nullptr;
    QLineEdit* m_accessHost = nullptr;
    QLineEdit* m_accessSuperUsers = nullptr;
    QCheckBox* m_accessAllowEveryone = nullptr;
    QLabel* m_accessError = nullptr;
    QLabel* m_accessNote = nullptr;
    QPushButton* m_showAccess = nullptr;
    QTableWidget* m_access = nullptr;
    // Users
    QTableWidget* m_users = nullptr;
};

} // namespace kafkalab
