// An ECharts chart, loaded on first use so the charting library stays out of the initial JavaScript.
import { useEffect, useRef, useState } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { LoadingState } from './PageState';

type ECharts = Awaited<ReturnType<typeof loadEcharts>>;

async function loadEcharts() {
  const mod = await import('../lib/echarts');
  return mod.echarts;
}

export function Chart({
  option,
  height = 280,
  label,
}: {
  option: EChartsCoreOption;
  height?: number;
  label: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<ECharts['init']>>(undefined);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let disposed = false;
    const onResize = () => chart.current?.resize();
    void loadEcharts().then((echarts) => {
      if (disposed || !el.current) return;
      chart.current = echarts.init(el.current);
      setReady(true);
      window.addEventListener('resize', onResize);
    });
    return () => {
      disposed = true;
      window.removeEventListener('resize', onResize);
      chart.current?.dispose();
      chart.current = undefined;
    };
  }, []);
  useEffect(() => {
    if (ready) chart.current?.setOption(option, true);
  }, [ready, option]);
  return (
    <div role="img" aria-label={label} style={{ position: 'relative', height }}>
      {!ready && <LoadingState tip="图表加载中…" />}
      <div ref={el} style={{ position: 'absolute', inset: 0 }} />
    </div>
  );
}
