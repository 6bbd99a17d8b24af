package dev.tgfsm.autoconfigure.album;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.tgfsm.album.AlbumCollector;
import dev.tgfsm.annotation.AnnotationRoutingHandler;
import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmTimers;
import dev.tgfsm.autoconfigure.timeout.FsmTimeoutAutoConfiguration;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.routing.Router;
import dev.tgfsm.routing.UpdateKind;
import dev.tgfsm.timeout.TimeoutScheduler;

/**
 * Auto-configuration of albums ({@code tgfsm.albums.*}), unless {@code tgfsm.albums.enabled=false}:
 * an {@link AlbumCollector}, which the update pipeline runs first in every unit of work, and its
 * {@link AlbumLifecycle}. Parts are gathered when {@code tgfsm.albums.enabled=true}, or, unset, when
 * the application's router has an {@link UpdateKind#ALBUM} route (an {@code @OnAlbum} method);
 * otherwise each part stays a message of its own. Every bean backs off when the application
 * defines its own.
 */
@AutoConfiguration(after = {FsmAutoConfiguration.class, FsmTimeoutAutoConfiguration.class})
@EnableConfigurationProperties(AlbumProperties.class)
@ConditionalOnBean(FsmContexts.class)
@ConditionalOnProperty(prefix = "tgfsm.albums", name = "enabled", havingValue = "true", matchIfMissing = true)
public final class FsmAlbumAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    AlbumCollector fsmAlbumCollector(FsmContexts contexts, AlbumProperties properties,
            @Qualifier(FsmAutoConfiguration.CLOCK_BEAN_NAME) ObjectProvider<Clock> clock,
            ObjectProvider<FsmTimers> timers) {
        Clock time = clock.getIfAvailable(Clock::systemUTC);
        FsmTimers pools = timers.getIfAvailable();
        return pools == null ? new AlbumCollector(contexts, properties.toConfig(), time)
                : new AlbumCollector(contexts, properties.toConfig(), time, pools.albums());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(UpdateDispatcher.class)
    AlbumLifecycle fsmAlbumLifecycle(AlbumCollector collector, UpdateDispatcher dispatcher, AlbumProperties properties,
            ObjectProvider<TimeoutScheduler> scheduler, ObjectProvider<UpdateHandler> handler) {
        return new AlbumLifecycle(collector, dispatcher, scheduler.getIfAvailable(),
                () -> properties.getEnabled() != null ? properties.getEnabled()
                        : routesAlbums(handler.getIfAvailable()));
    }

    /** Whether the application's handler routes albums; an own handler must switch them on itself. */
    private static boolean routesAlbums(UpdateHandler handler) {
        Router router = handler instanceof Router r ? r
                : handler instanceof AnnotationRoutingHandler a ? a.router() : null;
        return router != null && router.routes().stream().anyMatch(route -> route.kind() == UpdateKind.ALBUM);
    }
}
