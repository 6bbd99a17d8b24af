package dev.tgfsm.scope;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

import dev.tgfsm.Internal;

/**
 * Registers the {@link UpdateScope} with the bean factory, unless a scope of that name exists.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public class UpdateScopeRegistrar implements BeanFactoryPostProcessor {

    /**
     * Registers the scope.
     *
     * @param beanFactory the bean factory
     * @throws BeansException never
     */
    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
        if (beanFactory.getRegisteredScope(UpdateScope.NAME) == null) {
            beanFactory.registerScope(UpdateScope.NAME, new UpdateScope());
        }
    }
}
