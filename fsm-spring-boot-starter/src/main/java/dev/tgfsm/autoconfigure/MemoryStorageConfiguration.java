package dev.tgfsm.autoconfigure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;

/**
 * The in-memory backend: chosen explicitly, or when no Redis and no database is configured.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(StorageTypeCondition.Memory.class)
class MemoryStorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MemoryStorageConfiguration.class);

    @Bean
    @ConditionalOnMissingBean(FsmStorage.class)
    InMemoryFsmStorage fsmStorage(StorageConfig settings, StorageProperties storageProperties, FsmTimers timers) {
        if (storageProperties.getType() == null) {
            log.warn("tgfsm found no Redis and no DataSource, so conversation state is kept in memory: it dies "
                    + "with the process and is not shared between instances. Set tgfsm.storage.type=memory to "
                    + "silence this warning, or configure Redis or a database.");
        }
        else {
            log.info("tgfsm keeps conversation state in memory (tgfsm.storage.type=memory)");
        }
        InMemoryFsmStorage storage = new InMemoryFsmStorage(settings);
        storage.runSweepsOn(timers.background());
        return storage;
    }
}
