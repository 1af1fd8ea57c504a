// The topic dialogs, offscreen, on the ctest fixture's broker, opened from the Cluster tab: the name checked as
// typed, the replication factor against the broker count, a topic created with configs; configs edited and reset;
// the add-partitions preview before the change; delete records and delete topic with their confirmations; the
// grouped topic tree. No event-loop stall over 200 ms.
#include "fixturewindow.h"
#include "kafkacore/topics/topicadminhandle.h"
#include "kafkacore/topics/topicoperations.h"
#include "mainwindow.h"
#include "stallwatchdog.h"
#include "testsupport.h"
#include "widgets/cluster/clusterbrowser.h"
#include "widgets/topics/topicdialogs.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTreeView>

using namespace kafkalab;

class TestTopicDialogs : public QObject {
    Q_OBJECT
    std::unique_ptr<MainWindow> m_window;
    ClusterBrowser* m_browser = nullptr;
    QString m_topic;

    template <typename Dialog> Dialog* open(void (ClusterBrowser::*opener)())
    {
        QSignalSpy opened(m_browser, &ClusterBrowser::dialogOpened);
        (m_browser->*opener)();
        if (opened.isEmpty())
            return nullptr;
        return qobject_cast<Dialog*>(opened.first().first().value<QDialog*>());
    }
    QMap<QString, QString> overrides()
    {
        QString error;
        KafkaHandle admin
            = makeAdminClient({ ClientProperty::of("bootstrap.servers", test::fixtureBootstrap()) }, &error);
        QMap<QString, QString> out;
        if (const auto entries = describeTopicConfigs(admin.get(), m_topic, &error))
            for (const TopicConfigEntry& c : *entries)
                if (c.source == QLatin1String("topic override"))
                    out.insert(c.name, c.value);
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<QDialog*>();
        m_window = test::openFixtureWindow();
        QVERIFY2(m_window, "no fixture broker: run through ctest");
        QTRY_COMPARE_WITH_TIMEOUT(m_window->session()->state(), ClusterSession::State::Connected, 30000);
        m_browser = m_window->browser();
        // The broker count (for the replication factor check) comes with the first snapshot.
        QTRY_VERIFY_WITH_TIMEOUT(m_browser->brokerView()->model()->rowCount() > 0, 30000);
        m_topic = QStringLiteral("kafkalab.test.dialog-%1").arg(QDateTime::currentMSecsSinceEpoch());
    }

    void createChecksAsYouTypeAndCreates()
    {
        test::StallWatchdog watchdog;
        auto* d = open<CreateTopicDialog>(&ClusterBrowser::openCreateTopic);
        QVERIFY(d);
        d->nameEdit()->setText(QStringLiteral("orders order"));
        QVERIFY(d->nameMessage()->text().contains(QLatin1String("' ' is not allowed")));
        QVERIFY(!d->createButton()->isEnabled());
        d->nameEdit()->setText(QStringLiteral("Orders.created"));
        QVERIFY2(d->nameMessage()->text().contains(QLatin1String("found 2")), qPrintable(d->nameMessage()->text()));
        QVERIFY(d->nameMessage()->text().contains(QLatin1String("uppercase in 'Orders'")));
        QVERIFY(d->createButton()->isEnabled()); // a warning, not an error
        d->replicationSpin()->setValue(3);
        QVERIFY2(
            d->replicationMessage()->text().contains(QLatin1String("1")), qPrintable(d->replicationMessage()->text()));
        QVERIFY(!d->createButton()->isEnabled());
        d->replicationSpin()->setValue(1);
        d->configEdit(QStringLiteral("retention.ms"))->setText(QStringLiteral("soon"));
        QVERIFY(!d->createButton()->isEnabled());
        d->configEdit(QStringLiteral("retention.ms"))->setText(QStringLiteral("3600000"));
        d->nameEdit()->setText(m_topic);
        QVERIFY(d->nameMessage()->text().isEmpty() || d->nameMessage()->isHidden());
        d->partitionsSpin()->setValue(3);
        d->cleanupPolicyBox()->setCurrentText(QStringLiteral("compact"));
        d->extraConfigs()->setPlainText(QStringLiteral("segment.ms=600000"));
        QVERIFY(d->createButton()->isEnabled());
        QSignalSpy created(d, &CreateTopicDialog::created);
        QTest::mouseClick(d->createButton(), Qt::LeftButton);
        QVERIFY(created.wait(30000));
        const QMap<QString, QString> want { { "cleanup.policy", "compact" }, { "retention.ms", "3600000" },
            { "segment.ms", "600000" } };
        QTRY_COMPARE_WITH_TIMEOUT(overrides(), want, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(m_browser->selectedTopic() == m_topic, 30000);
        QVERIFY(watchdog.maxStallMs() < 200);
    }

    void brokerRefusalIsShownInTheDialog()
    {
        auto* d = open<CreateTopicDialog>(&ClusterBrowser::openCreateTopic);
        QVERIFY(d);
        d->nameEdit()->setText(m_topic); // exists already
        QTest::mouseClick(d->createButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(d->statusLabel()->text().contains(QLatin1String("TOPIC_ALREADY_EXISTS")), 30000);
        QVERIFY(d->isVisible()); // nothing lost: the form is still there
        QCOMPARE(d->nameEdit()->text(), m_topic);
        d->close();
    }

    void configsEditAndReset()
    {
        QVERIFY(m_browser->selectTopic(m_topic));
        auto* d = open<TopicConfigDialog>(&ClusterBrowser::openTopicConfigs);
        QVERIFY(d);
        QSignalSpy loaded(d, &TopicConfigDialog::loaded);
        QVERIFY(loaded.count() > 0 || loaded.wait(30000));
        QTableWidget* t = d->table();
        int retention = -1;
        int cleanup = -1;
        for (int r = 0; r < t->rowCount(); ++r) {
            if (t->item(r, TopicConfigDialog::NameColumn)->text() == QLatin1String("retention.ms"))
                retention = r;
            if (t->item(r, TopicConfigDialog::NameColumn)->text() == QLatin1String("cleanup.policy"))
                cleanup = r;
        }
        QVERIFY(retention >= 0 && cleanup >= 0);
        QCOMPARE(t->item(retention, TopicConfigDialog::ValueColumn)->text(), QStringLiteral("3600000"));
        t->item(retention, TopicConfigDialog::ValueColumn)->setText(QStringLiteral("7200000"));
        loaded.clear();
        QTest::mouseClick(d->applyButton(), Qt::LeftButton);
        QVERIFY(loaded.wait(30000));
        QTRY_COMPARE_WITH_TIMEOUT(overrides().value(QStringLiteral("retention.ms")), QStringLiteral("7200000"), 10000);
        QCOMPARE(overrides().value(QStringLiteral("cleanup.policy")), QStringLiteral("compact"));
        for (int r = 0; r < t->rowCount(); ++r)
            if (t->item(r, TopicConfigDialog::NameColumn)->text() == QLatin1String("cleanup.policy"))
                t->selectRow(r);
        loaded.clear();
        QTest::mouseClick(d->resetButton(), Qt::LeftButton);
        QVERIFY(loaded.wait(30000));
        QTRY_VERIFY_WITH_TIMEOUT(!overrides().contains(QStringLiteral("cleanup.policy")), 10000);
        QCOMPARE(overrides().value(QStringLiteral("retention.ms")), QStringLiteral("7200000"));
        d->close();
    }

    void addPartitionsPreviewsFirst()
    {
        QByteArray input;
        for (int i = 0; i < 200; ++i)
            input += "order-" + QByteArray::number(i) + ":v\n";
        QCOMPARE(test::run(QStringLiteral("kcat"),
                     { "-b", test::fixtureBootstrap(), "-P", "-t", m_topic, "-K:", "-X",
                         "topic.partitioner=murmur2_random" },
                     60000, input)
                     .exitCode,
            0);
        QVERIFY(m_browser->selectTopic(m_topic));
        auto* d = open<AddPartitionsDialog>(&ClusterBrowser::openAddPartitions);
        QVERIFY(d);
        d->countSpin()->setValue(6);
        QVERIFY(!d->applyButton()->isEnabled()); // preview first
        QSignalSpy previewed(d, &AddPartitionsDialog::previewed);
        QTest::mouseClick(d->previewButton(), Qt::LeftButton);
        QVERIFY(previewed.wait(30000));
        const auto p = previewed.first().first().value<PartitionChangePreview>();
        QCOMPARE(p.keys, 200);
        QCOMPARE(p.moves.size(), p.moved);
        QVERIFY(p.moved > 0);
        QCOMPARE(d->movesTable()->rowCount(), p.moved);
        // Both: the distinct keys that move and the share of the sampled messages (here one per key) that move.
        const QString summary = d->summaryLabel()->text();
        QVERIFY2(summary.contains(QStringLiteral("% of sampled keys move (%1 of 200 distinct keys)").arg(p.moved)),
            qPrintable(summary));
        QCOMPARE(d->sampledMessages(), qint64(200));
        QCOMPARE(d->movedMessages(), qint64(p.moved));
        QVERIFY2(summary.contains(QStringLiteral("% of sampled messages move (%1 of 200)").arg(p.moved)),
            qPrintable(summary));
        QVERIFY(d->applyButton()->isEnabled());
        d->countSpin()->setValue(7);
        QVERIFY(!d->applyButton()->isEnabled()); // the preview no longer matches
        d->countSpin()->setValue(6);
        QTest::mouseClick(d->previewButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(d->applyButton()->isEnabled(), 30000);
        QSignalSpy applied(d, &AddPartitionsDialog::applied);
        // A question first, with what moves and that it cannot be undone; No changes nothing.
        QTest::mouseClick(d->applyButton(), Qt::LeftButton);
        QTRY_VERIFY(d->confirmation());
        const QString question = d->confirmation()->text();
        QVERIFY2(question.contains(QStringLiteral("Add 3 partitions to %1").arg(m_topic))
                && question.contains(QLatin1String("% of sampled keys move; this cannot be undone")),
            qPrintable(question));
        QTest::mouseClick(d->confirmation()->button(QMessageBox::No), Qt::LeftButton);
        QTest::qWait(500);
        QCOMPARE(applied.count(), 0);
        QVERIFY(!d->busy());
        QTest::mouseClick(d->applyButton(), Qt::LeftButton);
        QTRY_VERIFY(d->confirmation());
        QTest::mouseClick(d->confirmation()->button(QMessageBox::Yes), Qt::LeftButton);
        QVERIFY(applied.wait(30000));
        // And it says it was done.
        QVERIFY(d->isVisible());
        QVERIFY2(d->statusLabel()->text().contains(QStringLiteral("%1 has 6 partitions now").arg(m_topic)),
            qPrintable(d->statusLabel()->text()));
        QVERIFY(!d->applyButton()->isEnabled()); // the preview was about 3 partitions
        d->close();
        QTRY_VERIFY_WITH_TIMEOUT(
            test::run(QStringLiteral("kcat"), { "-b", test::fixtureBootstrap(), "-L", "-t", m_topic })
                .out.contains("with 6 partitions"),
            20000);
    }

    void deleteRecordsAndTopic()
    {
        // The dialog takes the watermarks the partitions table shows: wait until they include the messages sent.
        auto highOfPartition0 = [this]() -> qint64 {
            QAbstractItemModel* m = m_browser->partitionView()->model();
            for (int c = 0; c < m->columnCount(); ++c)
                if (m->headerData(c, Qt::Horizontal).toString() == QLatin1String("High"))
                    for (int r = 0; r < m->rowCount(); ++r)
                        if (m->index(r, 0).data().toInt() == 0)
                            return m->index(r, c).data().toLongLong();
            return -1;
        };
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                m_window->session()->refresh();
                return m_browser->selectTopic(m_topic) && highOfPartition0() > 0;
            }(),
            30000);
        DeleteRecordsDialog* d = nullptr;
        for (int attempt = 0; attempt < 20 && !d; ++attempt) {
            d = open<DeleteRecordsDialog>(&ClusterBrowser::openDeleteRecords);
            QVERIFY(d);
            if (!d->offsetSpin(0) || d->offsetSpin(0)->maximum() <= 0) { // a refresh was applying; again
                d->close();
                d = nullptr;
                m_window->session()->refresh();
                QTest::qWait(300);
            }
        }
        QVERIFY2(d, qPrintable(QStringLiteral("table high %1").arg(highOfPartition0())));
        const qint64 high = d->offsetSpin(0)->maximum();
        d->offsetSpin(0)->setValue(high);
        QCOMPARE(d->messagesToDelete(), high - d->offsetSpin(0)->minimum());
        QVERIFY(d->previewLabel()->text().contains(QString::number(d->messagesToDelete())));
        QTest::mouseClick(d->deleteButton(), Qt::LeftButton);
        QTRY_VERIFY(d->confirmation());
        QSignalSpy deleted(d, &DeleteRecordsDialog::deleted);
        QTest::mouseClick(d->confirmation()->button(QMessageBox::Yes), Qt::LeftButton);
        QVERIFY(deleted.wait(30000));
        const test::ProcessResult low = test::run(QStringLiteral("kcat"),
            { "-b", test::fixtureBootstrap(), "-Q", "-t", QStringLiteral("%1:0:-2").arg(m_topic) });
        QVERIFY2(low.out.contains(QByteArray::number(high)), low.out.constData());
        d->close();

        auto* del = open<DeleteTopicDialog>(&ClusterBrowser::openDeleteTopic);
        QVERIFY(del);
        QVERIFY(!del->deleteButton()->isEnabled());
        del->confirmEdit()->setText(m_topic.chopped(1));
        QVERIFY(!del->deleteButton()->isEnabled());
        del->confirmEdit()->setText(m_topic);
        QVERIFY(del->deleteButton()->isEnabled());
        QSignalSpy gone(del, &DeleteTopicDialog::deleted);
        QTest::mouseClick(del->deleteButton(), Qt::LeftButton);
        QVERIFY(gone.wait(30000));
        QTRY_VERIFY_WITH_TIMEOUT(
            !test::run(QStringLiteral("kcat"), { "-b", test::fixtureBootstrap(), "-L" }).out.contains(m_topic.toUtf8()),
            20000);
    }

    void groupedTree()
    {
        m_browser->groupByConventionBox()->setChecked(true);
        QVERIFY(m_browser->topicTree()->isVisible());
        QStringList top;
        auto* model = m_browser->topicTree()->model();
        QTRY_VERIFY(model->rowCount() > 0);
        for (int r = 0; r < model->rowCount(); ++r)
            top.append(model->index(r, 0).data().toString());
        QVERIFY2(top.contains(QStringLiteral("orders")) && top.contains(QStringLiteral("Other"))
                && top.contains(QStringLiteral("Internal")),
            qPrintable(top.join(',')));
        QVERIFY(m_browser->selectTopic(QStringLiteral("orders.order.created")));
        QCOMPARE(m_browser->selectedTopic(), QStringLiteral("orders.order.created"));
        m_browser->groupByConventionBox()->setChecked(false);
    }

    // The dialogs' TopicAdmin handle: a cancelled operation never answers; the next one starts a fresh worker and
    // does. A dialog closed while its operation runs is deleted at once (the handle is retired, not waited for).
    void topicAdminCancelsAndAnswers()
    {
        const QList<ClientProperty> connection { ClientProperty::of("bootstrap.servers", test::fixtureBootstrap()) };
        TopicAdmin admin(connection);
        QSignalSpy created(&admin, &TopicAdmin::topicCreated);
        QSignalSpy deleted(&admin, &TopicAdmin::topicDeleted);
        const QString cancelled = m_topic + QStringLiteral("-cancelled");
        admin.deleteTopic(cancelled); // no such topic: it would answer with an error
        QCOMPARE(admin.pending(), 1);
        admin.cancel();
        QCOMPARE(admin.pending(), 0);
        const QString topic = m_topic + QStringLiteral("-admin");
        admin.createTopic(topic, 2, 1, { { QStringLiteral("retention.ms"), QStringLiteral("3600000") } });
        QVERIFY(created.wait(30000));
        QCOMPARE(created.first().at(0).toString(), topic);
        QCOMPARE(created.first().at(1).toString(), QString());
        QCOMPARE(deleted.count(), 0); // the cancelled operation's answer never arrived
        admin.deleteTopic(topic);
        QVERIFY(deleted.wait(30000));
        QCOMPARE(deleted.first().at(1).toString(), QString());

        auto* dialog = new DeleteTopicDialog(connection, topic + QStringLiteral("-gone"));
        QPointer<DeleteTopicDialog> guard(dialog);
        dialog->show();
        dialog->confirmEdit()->setText(topic + QStringLiteral("-gone"));
        dialog->deleteButton()->click();
        QVERIFY(dialog->busy()); // its handle's worker is making the client and asking the broker
        delete dialog; // nothing to wait for: the answer is dropped with the handle
        QVERIFY(guard.isNull());
        QTest::qWait(100); // an answer would arrive on the event loop: the dialog is gone, nothing may crash
    }
};

QTEST_MAIN(TestTopicDialogs)
#include "test_topicdialogs.moc"
