package dev.tgfsm.annotation;

import java.lang.reflect.Modifier;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.Internal;
import dev.tgfsm.feature.DataMigrations;
import dev.tgfsm.feature.FeatureStateManager;
import dev.tgfsm.scope.UpdateScope;

/**
 * Checks {@link FeatureState} beans: at start-up, that each class extends
 * {@link FeatureStateManager}, is not final and lives in the update scope; when an instance is
 * made, that the feature its constructor passed on equals the annotation's value. It also hands
 * every new feature manager the application's {@link DataMigrations} bean, unless its constructor
 * passed migrations of its own.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public class FeatureStateProcessor implements BeanFactoryPostProcessor, BeanPostProcessor {

    private @Nullable ObjectProvider<DataMigrations> migrations;

    /**
     * Hands a feature manager the migrations bean, if there is one and the manager has none yet.
     *
     * @param manager the new manager
     * @param migrations finds the application's migrations
     */
    static void applyMigrations(FeatureStateManager manager, ObjectProvider<DataMigrations> migrations) {
        if (manager.migrations() == DataMigrations.none()) {
            DataMigrations registered = migrations.getIfAvailable();
            if (registered != null) {
                manager.useMigrations(registered);
            }
        }
    }

    /**
     * Checks every {@link FeatureState} bean definition.
     *
     * @param beanFactory the bean factory
     * @throws FsmConfigurationException for a class that cannot be a feature manager bean
     */
    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
        this.migrations = beanFactory.getBeanProvider(DataMigrations.class);
        for (String name : beanFactory.getBeanDefinitionNames()) {
            BeanDefinition definition = beanFactory.getBeanDefinition(name);
            String className = definition.getBeanClassName();
            if (className == null) {
                continue;
            }
            Class<?> type;
            try {
                type = ClassUtils.forName(className, beanFactory.getBeanClassLoader());
            }
            catch (ClassNotFoundException | LinkageError ex) {
                continue;
            }
            FeatureState feature = type.getAnnotation(FeatureState.class);
            if (feature == null) {
                continue;
            }
            String where = "@FeatureState(\"" + feature.value() + "\") " + type.getName();
            if (!FeatureStateManager.class.isAssignableFrom(type)) {
                throw new FsmConfigurationException(where + " does not extend FeatureStateManager; extend"
                        + " FeatureStateManager or TypedFeatureState");
            }
            if (Modifier.isFinal(type.getModifiers())) {
                throw new FsmConfigurationException(where + " is final, but update-scoped beans are proxied by"
                        + " subclassing; remove final");
            }
            if (!UpdateScope.NAME.equals(definition.getScope())) {
                throw new FsmConfigurationException(where + " is in scope '" + definition.getScope()
                        + "'; remove its @Scope annotation: feature managers live in the update scope");
            }
        }
    }

    /**
     * Hands a new feature manager the application's migrations.
     *
     * @param bean the new bean
     * @param beanName its name
     * @return the bean
     */
    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof FeatureStateManager manager && !AopUtils.isAopProxy(bean) && migrations != null) {
            applyMigrations(manager, migrations);
        }
        return bean;
    }

    /**
     * Checks that a new feature manager serves the feature its annotation names.
     *
     * @param bean the new bean
     * @param beanName its name
     * @return the bean
     */
    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof FeatureStateManager manager && !AopUtils.isAopProxy(bean)) {
            FeatureState feature = ClassUtils.getUserClass(bean).getAnnotation(FeatureState.class);
            if (feature != null && !feature.value().equals(manager.feature())) {
                throw new FsmConfigurationException("@FeatureState(\"" + feature.value() + "\") "
                        + ClassUtils.getUserClass(bean).getName() + " passes the feature \"" + manager.feature()
                        + "\" to its super constructor; make both the same");
            }
        }
        return bean;
    }
}
