// vtk.js ships no typings for these modules; only what the 3D view uses is declared.
declare module '@kitware/vtk.js/Filters/General/ImageMarchingCubes' {
  import type vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
  import type { vtkPipelineConnection } from '@kitware/vtk.js/types';
  interface vtkImageMarchingCubes {
    setInputData(data: vtkImageData): void;
    getOutputPort(): vtkPipelineConnection;
    setContourValue(v: number): boolean;
    delete(): void;
  }
  const vtkImageMarchingCubes: {
    newInstance(init?: { contourValue?: number; computeNormals?: boolean; mergePoints?: boolean }): vtkImageMarchingCubes;
  };
  export default vtkImageMarchingCubes;
}
