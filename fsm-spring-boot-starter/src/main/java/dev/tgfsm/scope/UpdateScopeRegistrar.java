package dev.tgfsm.scope;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Registers the {@link UpdateScope} with the bean factory, unless a scope of that name exists.
 */
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
