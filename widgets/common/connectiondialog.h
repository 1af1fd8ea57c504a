#pragma once

#include "kafkacore/client/connectionprofile.h"
#include "kafkacore/client/connectiontest.h"
#include "kafkacore/client/secretstore.h"

#include <QDialog>
#include <QTimer>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace kafkalab {

// Edits connection profiles and returns the one to connect to. Every property is checked by librdkafka (on a pool
// thread, never on the GUI thread) as it is typed; problems show under the field or on the line that caused them.
// With a secret store, a profile's secrets are saved in the system keychain when its box is ticked (and only then),
// read back when the profile is chosen, moved when it is renamed and removed when it is deleted: all asynchronous,
// each answer shown beside the box. Without one (or without a keychain on the bus) the box says why and stays off.
class ConnectionDialog : public QDialog {
    Q_OBJECT
public:
    explicit ConnectionDialog(
        QList<ConnectionProfile> profiles, SecretStore* secrets = nullptr, QWidget* parent = nullptr);

    ConnectionProfile profile() const; // what the form holds
    void setProfile(const ConnectionProfile& profile);
    QList<ConnectionProfile> profiles() const { return m_profiles; } // saved ones, after edits
    QList<PropertyProblem> problems() const { return m_problems; }
    bool validationPending() const { return m_pending > 0 || m_debounce.isActive(); }

    QLineEdit* nameEdit() const { return m_name; }
    QLineEdit* bootstrapEdit() const { return m_bootstrap; }
    QComboBox* profileCombo() const { return m_profileCombo; }
    QComboBox* securityCombo() const { return m_security; }
    QComboBox* mechanismCombo() const { return m_mechanism; }
    QLineEdit* usernameEdit() const { return m_username; }
    QLineEdit* passwordEdit() const { return m_password; }
    QLineEdit* caFileEdit() const { return m_caFile; }
    QLineEdit* keyPasswordEdit() const { return m_keyPassword; }
    QCheckBox* keychainBox() const { return m_keychain; } // "Save secrets in the system keychain"
    QLabel* keychainMessage() const { return m_keychainMessage; } // beside it: no keychain, saved, failed...
    bool keychainBusy() const { return m_keychainPending > 0 || m_probing; }
    QPushButton* saveButton() const { return m_save; }
    QPushButton* renameButton() const { return m_rename; }
    QPushButton* deleteButton() const { return m_delete; }
    QPlainTextEdit* propertiesEdit() const { return m_properties; }
    QPushButton* connectButton() const { return m_connect; }
    QLabel* propertiesMessage() const { return m_propertiesMessage; }
    QPushButton* testButton() const { return m_test; }
    QLabel* testReport() const { return m_testReport; } // one line per step of the last connection test
    ConnectionTester* tester() { return &m_tester; }
    QLineEdit* registryUrlEdit() const { return m_registryUrl; }
    QLineEdit* registryUserEdit() const { return m_registryUser; }
    QLineEdit* registryPasswordEdit() const { return m_registryPassword; }
    QLineEdit* registryTokenEdit() const { return m_registryToken; }
    QLineEdit* registryCaEdit() const { return m_registryCa; }
    QLabel* registryMessage() const { return m_registryMessage; }

Q_SIGNALS:
    void validated();
    void keychainAnswered(); // a save, read, move or removal of secrets finished; keychainMessage() says how

private:
    void scheduleValidation();
    void startValidation();
    void showProblems(const QList<PropertyProblem>& problems);
    void onConnectClicked();
    void onProfileChosen(int index);
    void saveProfile();
    void deleteProfile();
    void renameProfile();
    void onKeychainProbed(const QString& problem);
    void loadSecrets(const ConnectionProfile& profile); // fills in the chosen profile's secrets from the keychain
    void keychainStarted();
    void keychainDone(const QString& message, bool failed);
    void showKeychainNote(const QString& message, bool failed);
    void updateSaslFields();
    void onTestClicked(); // starts a connection test, or cancels the one running
    void showTestStep(const ConnectionStepResult& step);
    void showTestResult(const ConnectionTestResult& result);
    void checkRegistry(); // the registry fields' problem beside them (synchronous: no I/O but a file check)

    QList<ConnectionProfile> m_profiles;
    QComboBox* m_profileCombo;
    QLineEdit* m_name;
    QLineEdit* m_bootstrap;
    QLabel* m_bootstrapMessage;
    QComboBox* m_security;
    QComboBox* m_mechanism;
    QLineEdit* m_username;
    QLineEdit* m_password;
    QLineEdit* m_caFile;
    QLineEdit* m_certFile;
    QLineEdit* m_keyFile;
    QLineEdit* m_keyPassword;
    QLabel* m_fieldMessage;
    QPlainTextEdit* m_properties;
    QLabel* m_propertiesMessage;
    QLineEdit* m_registryUrl;
    QLineEdit* m_registryUser;
    QLineEdit* m_registryPassword;
    QLineEdit* m_registryToken;
    QLineEdit* m_registryCa;
    QLabel* m_registryMessage;
    QCheckBox* m_keychain;
    QLabel* m_keychainMessage;
    SecretStore* m_secrets;
    bool m_probing = false;
    bool m_keychainUsable = false;
    int m_keychainPending = 0;
    int m_loadGeneration = 0;
    QPushButton* m_save;
    QPushButton* m_rename;
    QPushButton* m_delete;
    QPushButton* m_connect;
    QPushButton* m_test;
    QLabel* m_testReport;
    QStringList m_testLines;
    ConnectionTester m_tester;
    QTimer m_debounce;
    int m_pending = 0;
    int m_generation = 0;
    bool m_connectWhenValid = false;
    QList<PropertyProblem> m_problems;
};

} // namespace kafkalab
